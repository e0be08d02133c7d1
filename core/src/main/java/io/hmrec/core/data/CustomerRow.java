package io.hmrec.core.data;

import io.hmrec.core.model.CustomerInfo;

/**
 * All 7 columns of a {@code customers.csv} row; every column but the id may be null (empty in the file).
 *
 * @param customerId 64 lower-case hex digits
 * @param fn         1.0 when subscribed to fashion news
 * @param active     1.0 when active for communication
 * @param age        years, 1..120
 */
public record CustomerRow(String customerId, Double fn, Double active, String clubMemberStatus,
                          String fashionNewsFrequency, Integer age, String postalCode) {

    public CustomerInfo toInfo() {
        return new CustomerInfo(customerId, age, clubMemberStatus == null ? "" : clubMemberStatus,
                fashionNewsFrequency == null ? "" : fashionNewsFrequency);
    }
}
