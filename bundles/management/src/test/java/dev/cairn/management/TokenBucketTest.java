package dev.cairn.management;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    private static int taken(TokenBucket b, int tries, long at) {
        int n = 0;
        for (int i = 0; i < tries; i++) if (b.take(at)) n++;
        return n;
    }

    @Test
    void aBurstPassesThenTheRateAndSavedTokensNeverExceedTheBurst() {
        TokenBucket b = new TokenBucket(200, 500, 0);
        assertThat(taken(b, 10_000, 0)).isEqualTo(500);
        assertThat(taken(b, 10_000, SECOND / 2)).isEqualTo(100);
        assertThat(taken(b, 10_000, SECOND / 2 + SECOND)).isEqualTo(200);
        assertThat(taken(b, 10_000, 100 * SECOND)).isEqualTo(500);
    }

    @Test
    void aFloodOfTenThousandLinesASecondPassesAtTheRate() {
        TokenBucket b = new TokenBucket(200, 500, 0);
        int passed = 0;
        for (long i = 0; i < 50_000; i++) if (b.take(i * (SECOND / 10_000))) passed++;   // 5 s at 10,000 lines/s
        assertThat(passed).isBetween(500 + 5 * 200 - 2, 500 + 5 * 200);
    }
}
