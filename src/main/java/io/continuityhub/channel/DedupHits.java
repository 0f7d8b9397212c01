package io.continuityhub.channel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code hub_dedup_hits_total{ingress}}: messages a channel delivered again and the hub recognised
 * as seen before (a touchpoint retry, a WhatsApp redelivery, a carrier event sent twice, a mail
 * read again), counted where each ingress detects it. A channel that retries a lot shows here.
 */
@Component
public class DedupHits {

    private static final List<String> INGRESSES = List.of("touchpoint", "whatsapp", "carrier", "email");

    private final MeterRegistry meters;

    DedupHits(MeterRegistry meters) {
        this.meters = meters;
        INGRESSES.forEach(this::counter); // shown from the start, at 0
    }

    public void hit(String ingress) {
        hits(ingress, 1);
    }

    public void hits(String ingress, int count) {
        if (count > 0) {
            counter(ingress).increment(count);
        }
    }

    private Counter counter(String ingress) {
        return Counter.builder("hub.dedup.hits")
                .description("messages delivered again and recognised as seen before, per ingress")
                .tag("ingress", ingress == null ? "unknown" : ingress)
                .register(meters);
    }
}
