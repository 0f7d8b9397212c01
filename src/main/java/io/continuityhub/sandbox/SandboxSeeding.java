package io.continuityhub.sandbox;

import io.continuityhub.identity.CustomerSeeder;
import io.continuityhub.sandbox.warehouse.SeedOrder;
import io.continuityhub.sandbox.warehouse.WarehouseOrders;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Seeds a customer, its handles and its warehouse orders in one transaction: nothing is half-stored. */
@Service
@Profile("sandbox")
class SandboxSeeding {

    private final CustomerSeeder customers;
    private final WarehouseOrders orders;
    private final Clock clock;

    SandboxSeeding(CustomerSeeder customers, WarehouseOrders orders, Clock clock) {
        this.customers = customers;
        this.orders = orders;
        this.clock = clock;
    }

    /** Returns true when the customer was new. */
    @Transactional
    boolean seed(CustomerSeeder.KnownCustomer customer, List<SeedOrder> customerOrders) {
        boolean created = customers.seed(customer, "sandbox");
        Instant now = clock.instant();
        for (SeedOrder order : customerOrders) {
            orders.upsert(customer.customerId(), order, now);
        }
        return created;
    }
}
