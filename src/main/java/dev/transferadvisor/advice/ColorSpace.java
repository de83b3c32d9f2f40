package dev.transferadvisor.advice;

/** Channel order an image model expects. */
public enum ColorSpace {
    RGB, BGR, GRAY
}
