package io.timeslice.client;

import java.util.List;

/**
 * An uploaded module.
 *
 * @param id the SHA-256 of its binary, in hex
 * @param sizeBytes the binary's size
 * @param imports what it imports
 * @param exports what it exports
 */
public record ModuleInfo(String id, int sizeBytes, List<Extern> imports, List<Extern> exports) {}
