package io.hmrec.app.processor;

import io.hmrec.app.StoreNames;
import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.CustomerInfo;
import io.hmrec.schemas.avro.Customer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the customers-store (customer id → facts) from the compacted hm.customers.v1, on the same partitions as the
 * customer's purchases, so a purchase finds the customer's age bucket locally. A tombstone forgets the customer.
 */
public final class CustomerCatalogProcessor implements Processor<String, Customer, Void, Void> {
    private KeyValueStore<String, byte[]> customers;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        customers = context.getStateStore(StoreNames.CUSTOMERS);
    }

    @Override
    public void process(Record<String, Customer> record) {
        DeferredWork.ofCurrentThread().noteProcessed(); // deferred work on this thread yields to this input too
        if (record.key() == null) {
            return; // a keyless record cannot be a customer row of a compacted table
        }
        Customer c = record.value();
        if (c == null) {
            customers.delete(record.key());
            return;
        }
        Integer age = c.getAge() != null && c.getAge() > 0 && c.getAge() < 120 ? c.getAge() : null;
        customers.put(record.key(), ValueCodecs.customer(new CustomerInfo(record.key(), age,
                c.getClubMemberStatus() == null ? "" : c.getClubMemberStatus(),
                c.getFashionNewsFrequency() == null ? "" : c.getFashionNewsFrequency())));
    }
}
