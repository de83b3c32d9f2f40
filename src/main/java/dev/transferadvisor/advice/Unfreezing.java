package dev.transferadvisor.advice;

/** How a plan releases the pre-trained layers for training. */
public enum Unfreezing {
    HEAD_ONLY, PROGRESSIVE, ALL_AT_ONCE
}
