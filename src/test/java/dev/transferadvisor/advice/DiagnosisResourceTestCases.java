package dev.transferadvisor.advice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Case bodies shared by the REST tests. */
public final class DiagnosisResourceTestCases {

    private DiagnosisResourceTestCases() {
    }

    /** The example case of API.md §1, verbatim. */
    public static String exampleCase() {
        try (InputStream in = DiagnosisResourceTestCases.class.getResourceAsStream("/cases/api-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
