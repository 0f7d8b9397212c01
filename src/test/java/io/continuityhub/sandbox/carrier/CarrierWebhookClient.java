package io.continuityhub.sandbox.carrier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.sandbox.HubWebhookClient;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Posts the carrier's signed tracking events to {@code sandbox.carrier.hub-webhook-url}, as EasyPost would. */
@Component
@Profile("sandbox")
class CarrierWebhookClient extends HubWebhookClient {

    static final String URL_PROPERTY = "sandbox.carrier.hub-webhook-url";

    CarrierWebhookClient(Environment environment, ObjectMapper json) {
        super(environment, json, URL_PROPERTY, "/sandbox/carrier/hub-webhook-url");
    }
}
