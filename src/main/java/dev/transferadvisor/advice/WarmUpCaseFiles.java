package dev.transferadvisor.advice;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import dev.transferadvisor.ruleset.WarmUpCases;
import io.quarkus.logging.Log;

/**
 * The warm-up cases, shipped with the application: six scenarios from {@code test-scenarios/} that
 * between them reach every folder of the shipped rules (images, text, audio, zero-shot, a modality
 * mismatch, shifted labels), read and validated as a request would be.
 */
@ApplicationScoped
class WarmUpCaseFiles implements WarmUpCases {

    static final List<String> FILES = List.of("xray-api-example", "bert-full-fine-tuning-on-rte",
            "wav2vec-on-8khz-call-audio", "zero-shot-clip-product-photos", "text-model-for-molecule-graphs",
            "fraud-resampled-training");

    private final Diagnoser diagnoser;
    private volatile List<Collection<?>> facts;

    @Inject
    WarmUpCaseFiles(Validator validator) {
        this.diagnoser = new Diagnoser(validator);
    }

    WarmUpCaseFiles(Diagnoser diagnoser) {
        this.diagnoser = diagnoser;
    }

    @Override
    public List<Collection<?>> facts() {
        List<Collection<?>> read = facts;
        if (read == null) {
            read = read();
            facts = read;
        }
        return read;
    }

    private List<Collection<?>> read() {
        List<Collection<?>> cases = new ArrayList<>();
        for (String name : FILES) {
            try (InputStream in = WarmUpCaseFiles.class.getResourceAsStream("/warm-up/" + name + ".json")) {
                if (in == null) {
                    Log.warnf("Warm-up case %s is missing from the application", name);
                    continue;
                }
                cases.add(List.copyOf(diagnoser.facts(in.readAllBytes())));
            } catch (IOException | InvalidCaseException e) {
                Log.warnf("Warm-up case %s cannot be read: %s", name, e.getMessage());
            }
        }
        return List.copyOf(cases);
    }
}
