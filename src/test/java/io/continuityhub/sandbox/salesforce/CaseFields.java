package io.continuityhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Reads the body of a Case upsert as Salesforce does: field names are case-insensitive, unknown
 * fields, wrong types, values over a field's length, a value outside the restricted Origin
 * picklist, malformed ids and e-mail addresses are refused with Salesforce's error codes (every
 * failing field reported, none applied). Custom fields ({@code *__c}) are open, as the sandbox org
 * may have any.
 */
@Component
@Profile("sandbox")
class CaseFields {

    static final String EXTERNAL_ID_FIELD = "Hub_Key__c";
    static final List<String> ORIGINS = List.of("WhatsApp", "Email", "Phone", "Web", "In-Person");
    static final String ATTRIBUTES = "attributes";

    private enum Type { TEXT, EMAIL, PICKLIST, RESTRICTED_PICKLIST, BOOLEAN, ID }

    private record Field(String name, Type type, int maxLength, String idPrefix) {
    }

    private static final Map<String, Field> STANDARD = new LinkedHashMap<>();

    static {
        standard("Subject", Type.TEXT, 255, null);
        standard("Description", Type.TEXT, 32_000, null);
        standard("Status", Type.PICKLIST, 255, null);
        standard("Origin", Type.RESTRICTED_PICKLIST, 255, null);
        standard("Priority", Type.PICKLIST, 255, null);
        standard("Type", Type.PICKLIST, 255, null);
        standard("Reason", Type.PICKLIST, 255, null);
        standard("ContactId", Type.ID, 18, "003");
        standard("AccountId", Type.ID, 18, "001");
        standard("ParentId", Type.ID, 18, "500");
        standard("SuppliedEmail", Type.EMAIL, 80, null);
        standard("SuppliedName", Type.TEXT, 80, null);
        standard("SuppliedPhone", Type.TEXT, 40, null);
        standard("SuppliedCompany", Type.TEXT, 80, null);
        standard("IsEscalated", Type.BOOLEAN, 0, null);
    }

    private static final Pattern CUSTOM = Pattern.compile("[A-Za-z][A-Za-z0-9_]*__c");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    // a long text area's ceiling: the org's custom fields are unknown, so only this is enforced
    private static final int MAX_CUSTOM_LENGTH = 131_072;

    private final ObjectMapper json;

    CaseFields(ObjectMapper json) {
        this.json = json;
    }

    private static void standard(String name, Type type, int maxLength, String idPrefix) {
        STANDARD.put(name.toLowerCase(Locale.ROOT), new Field(name, type, maxLength, idPrefix));
    }

    /** The fields to write, under their API names; the external id, if repeated in the body, must match the URL. */
    ObjectNode read(String body, String hubKey) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SalesforceApiException.badRequest("JSON_PARSER_ERROR", "Unexpected character: " + e.getOriginalMessage());
        }
        if (!request.isObject()) {
            throw SalesforceApiException.badRequest("JSON_PARSER_ERROR",
                    "Cannot deserialize instance of Case from " + request.getNodeType() + " value");
        }
        ObjectNode fields = json.createObjectNode();
        List<SalesforceError> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (ATTRIBUTES.equals(name)) {
                continue; // the sObject's type and URL, as Salesforce's own clients send it
            }
            if (EXTERNAL_ID_FIELD.equalsIgnoreCase(name)) {
                if (!value.isTextual() || !value.asText().equals(hubKey)) {
                    errors.add(SalesforceError.of("INVALID_FIELD", EXTERNAL_ID_FIELD + " in the body must be the value in"
                            + " the URL, " + hubKey, EXTERNAL_ID_FIELD));
                }
                continue;
            }
            Field field = STANDARD.get(name.toLowerCase(Locale.ROOT));
            if (field == null && CUSTOM.matcher(name).matches()) {
                field = new Field(name, Type.TEXT, MAX_CUSTOM_LENGTH, null);
            }
            if (field == null) {
                errors.add(SalesforceError.of("INVALID_FIELD", "No such column '" + name + "' on sobject of type Case"));
                continue;
            }
            SalesforceError error = check(field, value);
            if (error != null) {
                errors.add(error);
            } else {
                fields.set(field.name(), value);
            }
        }
        if (!errors.isEmpty()) {
            throw new SalesforceApiException(400, errors);
        }
        return fields;
    }

    private static SalesforceError check(Field field, JsonNode value) {
        if (value.isNull()) {
            return null; // clears the field
        }
        if (field.type() == Type.BOOLEAN) {
            return value.isBoolean() ? null : SalesforceError.of("JSON_PARSER_ERROR", "Cannot deserialize instance of"
                    + " boolean from " + value.getNodeType() + " value " + value + " for " + field.name());
        }
        boolean custom = field.name().endsWith("__c");
        if (!(value.isTextual() || custom && value.isValueNode())) {
            return SalesforceError.of("JSON_PARSER_ERROR", "Cannot deserialize instance of string from "
                    + value.getNodeType() + " value for " + field.name());
        }
        String text = value.asText();
        if (text.length() > field.maxLength()) {
            return SalesforceError.of("STRING_TOO_LONG", field.name() + ": data value too large: "
                    + abbreviate(text) + " (max length=" + field.maxLength() + ")", field.name());
        }
        return switch (field.type()) {
            case RESTRICTED_PICKLIST -> ORIGINS.contains(text) ? null : SalesforceError.of(
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Case Origin: bad value for restricted picklist field: "
                            + text, field.name());
            case ID -> SalesforceIds.isId(text, field.idPrefix()) ? null : SalesforceError.of("MALFORMED_ID",
                    field.name() + ": id value of incorrect type: " + text, field.name());
            case EMAIL -> EMAIL.matcher(text).matches() ? null : SalesforceError.of("INVALID_EMAIL_ADDRESS",
                    field.name() + ": invalid email address: " + text, field.name());
            default -> null;
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
