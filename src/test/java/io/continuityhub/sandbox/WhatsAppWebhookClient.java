package io.continuityhub.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Posts the WhatsApp simulator's signed webhooks to {@code sandbox.whatsapp.hub-webhook-url}, as Meta's servers would. */
@Component
@Profile("sandbox")
class WhatsAppWebhookClient extends HubWebhookClient {

    static final String URL_PROPERTY = "sandbox.whatsapp.hub-webhook-url";

    WhatsAppWebhookClient(Environment environment, ObjectMapper json) {
        super(environment, json, URL_PROPERTY, "/sandbox/whatsapp/hub-webhook-url");
    }
}
