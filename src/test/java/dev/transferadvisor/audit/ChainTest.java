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

    /** Counted eight bytes at a time: every mix of 1- to 4-byte characters, at every offset into a word, counts right. */
    @Test
    void theUtf16LengthOfAnyTextAtAnyAlignment() {
        // 4-byte sequences led by F0 (𝔘, 🤖) and by F4 (U+100000, the last plane), which differ in the lead's bit 2
        String[] pieces = { "a", "{\"k\":1}", "ü", "–", "…", "§", "𝔘", "🤖", "\uDBC0\uDC00", "中文", " " };
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            assertThat(Chain.utf16Length(utf8)).as("%s", text).isEqualTo(text.length());
        }
        // runs of one kind longer than a word, so that whole words of continuation bytes and 4-byte leads are counted
        for (String piece : pieces) {
            for (int prefix = 0; prefix < 8; prefix++) {
                String text = "x".repeat(prefix) + piece.repeat(17);
                assertThat(Chain.utf16Length(text.getBytes(StandardCharsets.UTF_8))).as("%s", text).isEqualTo(text.length());
            }
        }
    }

    @Test
    void movingTextFromOneFieldToTheNextChangesTheDigest() {
        assertThat(Chain.contentDigest("id", 1L, "ab", "c", "v", "{}", "{}"))
                .isNotEqualTo(Chain.contentDigest("id", 1L, "a", "bc", "v", "{}", "{}"))
                .isNotEqualTo(Chain.contentDigest("id", 1L, null, "abc", "v", "{}", "{}"));
    }
}
