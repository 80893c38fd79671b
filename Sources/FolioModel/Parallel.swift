import Dispatch

/// Maps in parallel over all cores, keeping the input order (so output stays deterministic).
package func parallelMap<Input: Sendable, Output: Sendable>(_ items: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
    // An empty array is one shared storage in the runtime: filling one below writes its count,
    // which ThreadSanitizer reports when two threads map nothing at once.
    guard !items.isEmpty else { return [] }
    let results = UnsafeMutableBufferPointer<Output>.allocate(capacity: items.count)
    defer { results.deallocate() }
    nonisolated(unsafe) let buffer = results
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        (buffer.baseAddress! + index).initialize(to: transform(items[index]))
    }
    // Moved out, not copied: every slot was initialized exactly once above.
    return Array(unsafeUninitializedCapacity: items.count) { output, count in
        _ = output.moveInitialize(fromContentsOf: results)
        count = items.count
    }
}
