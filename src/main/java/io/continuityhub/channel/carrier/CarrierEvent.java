package io.continuityhub.channel.carrier;

import java.time.Instant;
import java.util.Map;

/**
 * A carrier's {@code tracker.updated} event. {@code previousTrackingCode} is set when the
 * carrier re-labelled the parcel (the new code is {@code trackingCode}).
 */
public record CarrierEvent(String eventId, String carrier, String trackingCode, String previousTrackingCode,
                           String status, Instant createdAt, String estimatedDelivery, Map<String, Object> latestDetail) {
}
