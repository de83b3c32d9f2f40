package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Records are hashed from the UTF-8 bytes they are stored as, and verified from the text read back:
 * both must give the same digest for any text, or every new record would fail verification.
 */
class ChainTest {

    @Test
    void theDigestOfTheBytesIsTheDigestOfTheText() {
        String request = "{\"reference\":\"Zürich – 500–5k band … 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🤖\"}";
        String diagnosis = "{\"rationale\":[\"§2: ≥ 5k, Jensen–Shannon\"],\"emoji\":\"🧪\"}";

        String fromText = Chain.contentDigest("id-1", 42L, "client", null, "v1", request, diagnosis);
        String fromBytes = Chain.contentDigest("id-1", 42L, "client", null, "v1",
                request.getBytes(StandardCharsets.UTF_8), diagnosis.getBytes(StandardCharsets.UTF_8));

        assertThat(fromBytes).isEqualTo(fromText);
        assertThat(Chain.utf16Length(request.getBytes(StandardCharsets.UTF_8))).isEqualTo(request.length());
    }

    @Test
    void movingTextFromOneFieldToTheNextChangesTheDigest() {
        assertThat(Chain.contentDigest("id", 1L, "ab", "c", "v", "{}", "{}"))
                .isNotEqualTo(Chain.contentDigest("id", 1L, "a", "bc", "v", "{}", "{}"))
                .isNotEqualTo(Chain.contentDigest("id", 1L, null, "abc", "v", "{}", "{}"));
    }
}
