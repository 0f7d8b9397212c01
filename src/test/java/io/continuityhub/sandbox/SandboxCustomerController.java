package io.continuityhub.sandbox;

import io.continuityhub.identity.CustomerSeeder;
import io.continuityhub.identity.HandleParser;
import io.continuityhub.kernel.HubRequestException;
import io.continuityhub.sandbox.warehouse.SeedOrder;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sandbox/customers}: seed a known customer, its verified handles and its orders
 * (which the warehouse simulators then serve), for demos and tests. Everything is checked before
 * anything is stored, and stored in one transaction.
 */
@RestController
@Profile("sandbox")
class SandboxCustomerController {

    record SeedHandle(String channel, String value, Boolean shared) {
    }

    record SeedRequest(String customerId, String displayName, String timeZone, List<SeedHandle> handles,
                       List<SeedOrder> orders) {
    }

    private final SandboxSeeding seeding;
    private final HandleParser handles;

    SandboxCustomerController(SandboxSeeding seeding, HandleParser handles) {
        this.seeding = seeding;
        this.handles = handles;
    }

    @PostMapping("/sandbox/customers")
    ResponseEntity<Map<String, Object>> seed(@RequestBody SeedRequest request) {
        if (request == null || request.customerId() == null || !request.customerId().matches("cust-[A-Za-z0-9-]{1,64}")) {
            throw HubRequestException.badField("customerId", "is required and looks like cust-77821");
        }
        String timeZone = request.timeZone() == null ? "UTC" : request.timeZone();
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw HubRequestException.badField("timeZone", "'" + timeZone + "' is not a time zone such as Europe/London");
        }
        List<CustomerSeeder.SeedHandle> verified = new ArrayList<>();
        List<SeedHandle> requested = request.handles() == null ? List.of() : request.handles();
        for (int i = 0; i < requested.size(); i++) {
            SeedHandle handle = requested.get(i);
            verified.add(new CustomerSeeder.SeedHandle(handles.parse("handles[" + i + "].channel", handle.channel(),
                    "handles[" + i + "].value", handle.value()), Boolean.TRUE.equals(handle.shared())));
        }
        List<SeedOrder> orders = request.orders() == null ? List.of() : request.orders();
        for (int i = 0; i < orders.size(); i++) {
            if (orders.get(i) == null) {
                throw HubRequestException.badField("orders[" + i + "]", "must be an order object");
            }
            orders.get(i).validate("orders[" + i + "]");
        }
        boolean created = seeding.seed(new CustomerSeeder.KnownCustomer(request.customerId(), request.displayName(),
                timeZone, verified), orders);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of("customerId",
                request.customerId(), "created", created, "handles", verified.size(), "orders", orders.size()));
    }
}
