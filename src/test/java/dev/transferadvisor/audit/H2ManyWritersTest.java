package dev.transferadvisor.audit;

import java.util.Optional;
import java.util.UUID;

/** Many writers on one embedded H2 (a file store, as the service uses by default). */
class H2ManyWritersTest extends ManyWritersContract {

    private final String url = "jdbc:h2:file:./target/many-writers/" + UUID.randomUUID() + ";COMPRESS=TRUE";

    @Override
    String url() {
        return url;
    }

    @Override
    Optional<String> user() {
        return Optional.empty();
    }
}
