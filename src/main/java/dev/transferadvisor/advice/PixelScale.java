package dev.transferadvisor.advice;

/** Pixel range before mean/std normalisation: UNIT is 0..1, BYTE is 0..255. */
public enum PixelScale {
    UNIT, BYTE
}
