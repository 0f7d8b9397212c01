package io.continuityhub.platform.telemetry;

import io.continuityhub.kernel.Redact;
import org.springframework.boot.json.JsonWriter.Members;
import org.springframework.boot.json.JsonWriter.ValueProcessor;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Masks phone numbers and email addresses in every text of a structured (JSON) log line: the
 * message, the exception's message and stack trace, MDC values. Call sites already log handles
 * through {@link Redact#handle}; this is the net under what they cannot reach, such as a mail
 * library's exception naming the address it refused, in the lines a log pipeline ships away.
 * Named by {@code logging.structured.json.customizer} (config/application.yaml).
 */
public class PersonalDataMasking implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(Members<Object> members) {
        members.applyingValueProcessor(ValueProcessor.of(String.class, Redact::inText));
    }
}
