package io.continuityhub.platform;

import io.continuityhub.kernel.HubRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders the read/operate API's refusals in the error shape of API.md. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(HubRequestException.class)
    ResponseEntity<ApiError> refused(HubRequestException e) {
        return ResponseEntity.status(e.status()).body(ApiError.of(e));
    }

    private static ResponseEntity<ApiError> refusal(ErrorResponse refusal) {
        int status = refusal.getStatusCode().value();
        String code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed" : "request_refused";
        String detail = refusal.getBody().getDetail();
        return ResponseEntity.status(status).body(new ApiError(code, detail == null ? "request refused" : detail, null));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return refused(HubRequestException.badField(e.getParameterName(), "query parameter is required"));
    }

    /**
     * A body of a type the endpoint does not take, refused before it is read: the JSON ingresses
     * declare {@code consumes: application/json}, so a form is never parsed into the route.
     */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(415).body(new ApiError("unsupported_media_type",
                "send the body as JSON with Content-Type: application/json (got " + e.getContentType() + ")", null));
    }

    /** Spring's own refusals (no such path, wrong method, wrong media type) keep their status. */
    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ApiError> springRefusal(ErrorResponseException e) {
        return refusal(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> failed(Exception e) {
        if (e instanceof ErrorResponse refusal) {
            return refusal(refusal);
        }
        log.error("API request failed", e);
        return ResponseEntity.status(500).body(new ApiError("internal_error",
                "the hub could not complete this request; nothing was changed, retry later", null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new ApiError("malformed_json",
                "the request body is not the JSON this endpoint takes: " + e.getMostSpecificCause().getMessage(), null));
    }
}
