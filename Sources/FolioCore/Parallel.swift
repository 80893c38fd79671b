import Dispatch

/// Maps in parallel over all cores, keeping the input order (so output stays deterministic).
func parallelMap<Input: Sendable, Output: Sendable>(_ items: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
    let results = UnsafeMutableBufferPointer<Output?>.allocate(capacity: items.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    nonisolated(unsafe) let buffer = results
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
        buffer[index] = transform(items[index])
    }
    return results.compactMap { $0 }
}
