package io.continuityhub.sandbox;

import io.continuityhub.identity.CustomerSeeder;
import io.continuityhub.sandbox.warehouse.SeedOrder;
import io.continuityhub.sandbox.warehouse.WarehouseOrders;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds a customer, its handles and its warehouse orders in one transaction: nothing is
 * half-stored. Inside the hub the customer goes into the hub's directory too; a sandbox running
 * on its own has no hub beside it and keeps only the orders its warehouse simulators serve.
 */
@Service
@Profile("sandbox")
class SandboxSeeding {

    private final ObjectProvider<CustomerSeeder> customers;
    private final WarehouseOrders orders;
    private final Clock clock;

    SandboxSeeding(ObjectProvider<CustomerSeeder> customers, WarehouseOrders orders, Clock clock) {
        this.customers = customers;
        this.orders = orders;
        this.clock = clock;
    }

    /** Returns true when the customer was new to the hub (always, for a sandbox without one). */
    @Transactional
    boolean seed(CustomerSeeder.KnownCustomer customer, List<SeedOrder> customerOrders) {
        CustomerSeeder hub = customers.getIfAvailable();
        boolean created = hub == null || hub.seed(customer, "sandbox");
        Instant now = clock.instant();
        for (SeedOrder order : customerOrders) {
            orders.upsert(customer.customerId(), order, now);
        }
        return created;
    }
}
