package dev.transferadvisor.advice;

/** The five ways to adapt a pre-trained model, from least to most flexible (zero-shot aside). */
public enum Strategy {
    FEATURE_EXTRACTION, PARTIAL_FINE_TUNING, FULL_FINE_TUNING, TRAIN_FROM_SCRATCH, ZERO_SHOT
}
