package io.hmrec.app.load;

final class TestData {
    static final String HEADER = "t_dat,customer_id,article_id,price,sales_channel_id\n";

    private TestData() {}
}
