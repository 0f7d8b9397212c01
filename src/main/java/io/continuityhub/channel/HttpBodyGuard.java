package io.continuityhub.channel;

import io.continuityhub.kernel.HubRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The checks every JSON ingress makes on a body before it reads a byte of it as JSON: its type,
 * then its size. The type comes first, from the header alone: a body of another type may not even
 * be bytes to Camel (the platform binding turns a form into a Map), and it is refused either way.
 */
@Component
public class HttpBodyGuard {

    private final int maxBodyBytes;

    HttpBodyGuard(IngressProperties properties) {
        this.maxBodyBytes = properties.maxBodyBytes();
    }

    public void requireJson(@Header("Content-Type") String contentType, Exchange exchange) {
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new HubRequestException(415, "unsupported_media_type", null,
                    "send the body as JSON with Content-Type: application/json (got " + contentType + ")");
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body != null && body.length > maxBodyBytes) {
            throw new HubRequestException(413, "body_too_large", null,
                    "the body is " + body.length + " bytes; at most " + maxBodyBytes + " are accepted (hub.ingress.max-body-bytes)");
        }
        if (body == null || body.length == 0) {
            throw new HubRequestException(400, "empty_body", null, "the body is empty; send a JSON object");
        }
    }
}
