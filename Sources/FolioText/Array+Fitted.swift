extension Array {
    /// The same elements in a buffer of their size: appending one at a time leaves up to half
    /// of it unused, and a build keeps every page's lists until it ends (the links of 10,000
    /// pages held 4 MB of such room).
    package func fitted() -> [Element] {
        guard capacity > count else { return self }
        return Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}
