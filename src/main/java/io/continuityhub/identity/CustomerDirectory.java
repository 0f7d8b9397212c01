package io.continuityhub.identity;

import io.continuityhub.kernel.HubRequestException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads customers for the API and for the agent. */
@Service
public class CustomerDirectory {

    private final CustomerRepository customers;

    CustomerDirectory(CustomerRepository customers) {
        this.customers = customers;
    }

    @Transactional(readOnly = true)
    public CustomerView get(String customerId) {
        CustomerRepository.CustomerRow row = customers.find(customerId)
                .orElseThrow(() -> HubRequestException.notFound("no customer " + customerId));
        return new CustomerView(row.customerId(), row.displayName(), row.timeZone(), row.provisional(),
                row.mergedInto(), row.createdAt().toInstant(), customers.handlesOf(customerId),
                row.erasedAt() == null ? null : row.erasedAt().toInstant());
    }

    /** The customer an id stands for today (itself, or the customer it was merged into). */
    @Transactional(readOnly = true)
    public String survivorOf(String customerId) {
        return customers.survivorOf(customerId);
    }
}
