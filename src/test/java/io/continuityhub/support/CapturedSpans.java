package io.continuityhub.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;

/**
 * The shared hub's finished spans, as its span exporter sees them: an {@link InMemorySpanExporter}
 * behind a switch, so spans are kept only while a test {@linkplain #record() records} and the hub
 * the whole suite shares does not hold every span of the run. Spring Boot hands every
 * {@link SpanExporter} bean the spans of its batch processor.
 *
 * <p>Deliberately not annotated: imported by {@link HubIntegrationTest}, never picked up by the
 * component scan of a hub started from the test classpath (the sandbox's default run).
 */
public class CapturedSpans implements SpanExporter {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private volatile boolean recording;

    /** Forgets what was kept and keeps every span that finishes from now on. */
    public void record() {
        spans.reset();
        recording = true;
    }

    /** Stops keeping spans; what was kept stays readable. */
    public void stop() {
        recording = false;
    }

    public List<SpanData> finished() {
        return spans.getFinishedSpanItems();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        return recording ? spans.export(batch) : CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        recording = false;
        return CompletableResultCode.ofSuccess();
    }
}
