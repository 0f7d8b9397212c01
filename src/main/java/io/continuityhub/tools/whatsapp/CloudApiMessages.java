package io.continuityhub.tools.whatsapp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Cloud API send bodies, field for field: a text, or an approved template whose body has one
 * parameter. A user known only by their business-scoped user id is addressed with
 * {@code recipient} instead of {@code to}.
 */
final class CloudApiMessages {

    /** Whom a send addresses: a phone number (wa_id digits) or a business-scoped user id. */
    record Addressee(String phoneDigits, String userId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Message(@JsonProperty("messaging_product") String messagingProduct,
                   @JsonProperty("recipient_type") String recipientType, String to, String recipient, String type,
                   Text text, Template template) {
    }

    record Text(String body) {
    }

    record Template(String name, Language language, List<Component> components) {
    }

    record Language(String code) {
    }

    record Component(String type, List<Parameter> parameters) {
    }

    record Parameter(String type, String text) {
    }

    private CloudApiMessages() {
    }

    static Message text(Addressee addressee, String body) {
        return new Message("whatsapp", "individual", addressee.phoneDigits(), addressee.userId(), "text", new Text(body), null);
    }

    static Message template(Addressee addressee, WhatsAppProperties.Template approved, String body) {
        Template template = new Template(approved.name(), new Language(approved.language()),
                List.of(new Component("body", List.of(new Parameter("text", body)))));
        return new Message("whatsapp", "individual", addressee.phoneDigits(), addressee.userId(), "template", null, template);
    }
}
