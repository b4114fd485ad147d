package dev.purser.bench;

import java.io.PrintStream;

/**
 * A one-line textual progress bar on stderr (stdout keeps the table clean), redrawn at most five
 * times a second so drawing never costs measurable time. Without a terminal (CI, a pipe) it
 * prints a plain line per quarter instead of carriage-return redraws.
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out = System.err;
    private final String label;
    private final long total;
    private final boolean terminal = System.console() != null;
    private long lastDraw;
    private long lastQuarter = -1;

    Progress(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
        draw(0, true);
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && done < total) return;
        draw(done, false);
    }

    void done() {
        draw(total, true);
        if (terminal) out.println();
    }

    private synchronized void draw(long done, boolean force) {
        if (!terminal) {
            long quarter = Math.min(4, done * 4 / total);
            if (quarter == lastQuarter) return;
            lastQuarter = quarter;
            out.println("  " + quarter * 25 + "%  " + label);
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 200_000_000L && done < total) return;
        lastDraw = now;
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        StringBuilder b = new StringBuilder("\r  [");
        for (int i = 0; i < WIDTH; i++) b.append(i < filled ? '#' : '.');
        b.append("] ").append(String.format("%3d%%", Math.min(100, done * 100 / total))).append("  ").append(label);
        out.print(b);
        out.flush();
    }
}
