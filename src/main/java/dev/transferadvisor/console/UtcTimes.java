package dev.transferadvisor.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as the audit pages show and read them, always in UTC: the trail stores instants, and a browser's
 * {@code datetime-local} input sends a wall-clock time without a zone, which the pages take as UTC and say so.
 */
final class UtcTimes {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private UtcTimes() {
    }

    /** {@code 2026-11-28 10:15:30 UTC}; an empty text for null. */
    static String shown(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }

    /** The value a {@code datetime-local} input shows for an instant: {@code 2026-11-28T10:15:30}, UTC. */
    static String inputValue(Instant at) {
        return INPUT.format(at);
    }

    /**
     * What a {@code datetime-local} input sends ({@code 2026-11-28T10:15}, seconds optional), taken as UTC; an ISO-8601
     * instant or a time with an offset ({@code 2026-11-28T10:15:30Z}, {@code …+01:00}) is read as what it says.
     *
     * @throws DateTimeParseException when it is neither
     */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }
}
