package io.continuityhub.identity;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Brings known customers in from a system of record (a CRM export, the sandbox's seeding
 * endpoint): the customer and its verified handles, in one transaction.
 */
@Service
public class CustomerSeeder {

    public record KnownCustomer(String customerId, String displayName, String timeZone, List<SeedHandle> verifiedHandles) {
    }

    public record SeedHandle(Handle handle, boolean shared) {
    }

    private final CustomerRepository customers;
    private final IdentityLinker linker;
    private final IdentityAudit audit;

    CustomerSeeder(CustomerRepository customers, IdentityLinker linker, IdentityAudit audit) {
        this.customers = customers;
        this.linker = linker;
        this.audit = audit;
    }

    /**
     * Returns true when the customer was new. A handle held by another known customer fails the
     * whole seed; so does an erased customer's id (409): an erasure is not undone by a seed.
     */
    @Transactional
    public boolean seed(KnownCustomer customer, String source) {
        customers.requireNotErased(customer.customerId());
        boolean created = customers.upsertKnown(customer.customerId(), customer.displayName(), customer.timeZone(), source);
        audit.record(source, created ? "seed_customer" : "update_customer", customer.customerId(), null, Map.of());
        for (SeedHandle seed : customer.verifiedHandles()) {
            linker.linkVerified(customer.customerId(), seed.handle(), seed.shared(), source);
        }
        return created;
    }
}
