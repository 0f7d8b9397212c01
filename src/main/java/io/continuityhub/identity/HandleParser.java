package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import org.springframework.stereotype.Component;

/** Reads a (type, value) pair from a request into a {@link Handle}, naming the field at fault. */
@Component
public class HandleParser {

    private final HandleNormalizer normalizer;

    HandleParser(HandleNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    public Handle parse(String typeField, String type, String valueField, String value) {
        if (type == null || type.isBlank()) {
            throw HubRequestException.badField(typeField, "is required (one of " + HandleType.wireNames() + ")");
        }
        HandleType handleType = HandleType.fromWire(type).orElseThrow(() -> HubRequestException.badField(typeField,
                "'" + type + "' is not a handle type; use one of " + HandleType.wireNames()));
        if (value == null || value.isBlank()) {
            throw HubRequestException.badField(valueField, "is required");
        }
        try {
            return normalizer.normalize(handleType, value);
        } catch (InvalidHandleException e) {
            throw HubRequestException.badField(valueField, e.getMessage());
        }
    }
}
