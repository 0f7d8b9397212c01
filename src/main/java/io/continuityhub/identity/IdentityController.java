package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The identity part of the read/operate API (ops login). */
@RestController
@RequestMapping("/api/v1")
class IdentityController {

    record HandleRequest(String channel, String value, Boolean shared) {
    }

    record MergeRequest(String sourceCustomerId, String reason) {
    }

    private final IdentityResolver resolver;
    private final HandleParser handles;
    private final CustomerDirectory directory;
    private final IdentityLinker linker;
    private final CustomerMerges merges;

    IdentityController(IdentityResolver resolver, HandleParser handles, CustomerDirectory directory,
                       IdentityLinker linker, CustomerMerges merges) {
        this.resolver = resolver;
        this.handles = handles;
        this.directory = directory;
        this.linker = linker;
        this.merges = merges;
    }

    @GetMapping("/customers/resolve")
    Resolution resolve(@RequestParam String channel, @RequestParam String handle) {
        Handle parsed = handles.parse("channel", channel, "handle", handle);
        return resolver.lookup(parsed).orElseThrow(() -> HubRequestException.notFound(
                "no customer is known by this " + parsed.type().wireName() + " handle"));
    }

    @GetMapping("/customers/{customerId}")
    CustomerView customer(@PathVariable String customerId) {
        return directory.get(customerId);
    }

    @PostMapping("/customers/{customerId}/handles")
    ResponseEntity<Map<String, Object>> link(@PathVariable String customerId, @RequestBody HandleRequest request,
                                             Principal who) {
        if (request == null) {
            throw HubRequestException.badField("body", "send {\"channel\": \"email\", \"value\": \"jane@example.com\"}");
        }
        Handle handle = handles.parse("channel", request.channel(), "value", request.value());
        IdentityLinker.LinkResult result = linker.linkVerified(customerId, handle,
                Boolean.TRUE.equals(request.shared()), who.getName());
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of(
                "customer", directory.get(customerId),
                "mergedCustomerIds", result.mergedCustomerIds(),
                "mergeIds", result.mergeIds()));
    }

    @PostMapping("/customers/{customerId}/merges")
    ResponseEntity<MergeView> merge(@PathVariable String customerId, @RequestBody MergeRequest request, Principal who) {
        if (request == null || request.sourceCustomerId() == null || request.sourceCustomerId().isBlank()) {
            throw HubRequestException.badField("sourceCustomerId", "name the customer to merge into " + customerId);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(merges.merge(request.sourceCustomerId(), customerId, who.getName(), request.reason()));
    }

    @GetMapping("/customers/{customerId}/merges")
    List<MergeView> mergesInto(@PathVariable String customerId) {
        directory.get(customerId);
        return merges.mergesInto(customerId);
    }

    @PostMapping("/merges/{mergeId}/unmerge")
    MergeView unmerge(@PathVariable String mergeId, Principal who) {
        return merges.unmerge(mergeId, who.getName());
    }
}
