package io.hmrec.core.model;

/**
 * The customer facts recommendation logic uses.
 *
 * @param customerId the 64-hex id
 * @param age        age in years, or null when unknown
 * @param clubMemberStatus e.g. ACTIVE, PRE-CREATE; empty when unknown
 * @param fashionNewsFrequency e.g. NONE, Regularly; empty when unknown
 */
public record CustomerInfo(String customerId, Integer age, String clubMemberStatus, String fashionNewsFrequency) {
    public int ageBucket() {
        return AgeBucket.of(age);
    }
}
