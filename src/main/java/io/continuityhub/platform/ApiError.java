package io.continuityhub.platform;

import io.continuityhub.kernel.HubRequestException;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The error body of every API answer: a machine code and a sentence that says what to fix. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, String field) {

    public static ApiError of(HubRequestException e) {
        return new ApiError(e.code(), e.getMessage(), e.field());
    }
}
