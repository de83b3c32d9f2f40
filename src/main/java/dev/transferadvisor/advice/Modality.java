package dev.transferadvisor.advice;

/** The kind of data a model consumes. */
public enum Modality {
    IMAGE, TEXT, AUDIO, VIDEO, TABULAR, TIME_SERIES, GENOMIC, GRAPH, MULTIMODAL
}
