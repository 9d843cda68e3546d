package io.syncmeter.sync.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Cuts the keys under a prefix into about {@code ranges} key ranges for a full sync to list in
 * parallel, from what exists there.
 *
 * <p>How: S3 can only list forward from a {@code start-after}, so what exists is found with probes,
 * ListObjectsV2 with {@code max-keys=1}: the first key after a point. Starting from the prefix, each
 * round replaces every cell (a key prefix all of whose keys lie together) by its children, the prefix
 * extended by each next character that exists, one probe per child ({@code start-after} = the cell plus
 * the character after the last child found), until there are enough cells or nothing is left to
 * extend; the cells' strings are then the boundaries ({@link KeyRange#between}). Why this way:
 *
 * <ul>
 *   <li>fixed boundaries over the key byte space miss where the keys are (every key of a bucket may
 *       share {@code data/2026/}), and so would a grid under the prefix;
 *   <li>a first listing with a delimiter finds nothing to split in a flat key space ({@code k-00001}
 *       … {@code k-99999}), and a listing of a huge directory level is itself one long sequential
 *       listing;
 *   <li>probing costs one small request per cell (tens of requests where the listing is thousands
 *       of pages), finds the level where keys fan out whatever the naming, and a whole round at a time
 *       keeps the cells of one level alike (expanding only the first cell would leave the rest of
 *       the key space as one long range).
 * </ul>
 *
 * <p>Balance follows the key names, not counts (a probe cannot count): sequential numbers, hashes and
 * dates balance well, one huge directory beside small ones does not. Correctness does not depend on it:
 * the boundaries are any strings made of characters below U+D800 (a next character from U+D7FF up is
 * left to the last child), and {@link KeyRange#between} puts every key into exactly one range.
 *
 * <p>Threading: {@link #split} blocks its caller; a round's probes run on {@code executor}, which must
 * not be the caller's own single thread. Stateless, so thread-safe.
 *
 * @param ranges about how many ranges to cut (at least this many cells are sought, at most twice as many kept)
 * @param executor runs the probes of one round side by side
 */
public record RangeSplitter(int ranges, Executor executor) {

    /** The first key after a point under one prefix. Called from several threads at once. */
    @FunctionalInterface
    public interface Probe {
        /** The first key above {@code after} (or the first of all when empty), empty when none. */
        Optional<String> firstKeyAfter(Optional<String> after);
    }

    // an S3 key is at most 1,024 bytes: no cell is extended past that
    private static final int MAX_CELL = 1024;
    // next characters taken per cell at most; what lies past them stays with the last child
    private static final int MAX_CHILDREN = 128;

    public RangeSplitter {
        if (ranges < 1) {
            throw new IllegalArgumentException("ranges must be at least 1, was " + ranges);
        }
    }

    /**
     * The ranges of the keys under {@code prefix}, in key order, covering every key once.
     *
     * @param prefix the prefix every key the probe finds starts with ({@code ""}: none)
     */
    public List<KeyRange> split(String prefix, Probe probe) {
        if (ranges == 1 || !KeyRange.isBoundary(prefix)) {
            return List.of(KeyRange.ALL);
        }
        // in key order and prefix-free: the keys of a cell lie between it and the next cell
        List<String> cells = List.of(prefix);
        List<Boolean> open = List.of(true);
        while (cells.size() < ranges && open.contains(true)) {
            List<CompletableFuture<List<String>>> children = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                children.add(
                        open.get(i)
                                ? CompletableFuture.supplyAsync(() -> children(cell, probe), executor)
                                : CompletableFuture.completedFuture(List.of()));
            }
            List<String> next = new ArrayList<>();
            List<Boolean> nextOpen = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                List<String> c = children.get(i).join();
                if (c.isEmpty()) {
                    // nothing below it (or nothing left to try): it stays as it is
                    next.add(cells.get(i));
                    nextOpen.add(false);
                } else {
                    next.addAll(c);
                    c.forEach(x -> nextOpen.add(x.length() < MAX_CELL));
                }
            }
            cells = next;
            open = nextOpen;
        }
        return KeyRange.between(boundaries(cells));
    }

    // the first cell's keys need no lower bound; at most twice the asked-for ranges, evenly picked
    private List<String> boundaries(List<String> cells) {
        List<String> inner = cells.subList(1, cells.size());
        int keep = Math.min(inner.size(), 2 * ranges - 1);
        List<String> out = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            out.add(inner.get((int) ((long) i * inner.size() / keep)));
        }
        return out;
    }

    // the cell extended by each next character its keys have, in key order
    private static List<String> children(String cell, Probe probe) {
        List<String> out = new ArrayList<>();
        Optional<String> after = cell.isEmpty() ? Optional.empty() : Optional.of(cell);
        while (out.size() < MAX_CHILDREN) {
            Optional<String> key = probe.firstKeyAfter(after);
            if (key.isEmpty()
                    || key.get().length() <= cell.length()
                    || !key.get().startsWith(cell)) {
                break;
            }
            char c = key.get().charAt(cell.length());
            if (c >= KeyRange.BOUNDARY_MAX) {
                break;
            }
            out.add(cell + c);
            // skips the rest of this child; a key that is exactly the next child is not seen as one,
            // which only costs balance (it then sits in the range before)
            after = Optional.of(cell + (char) (c + 1));
        }
        return out;
    }
}
