import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server for `folio serve`: one connection, one request, one response, each on
/// a thread of its own with a deadline for the whole request, so slow clients cannot starve the
/// others. It only reads files of the built site (`StaticFiles`), listens on 127.0.0.1 unless
/// told otherwise, and answers only requests addressed to this machine by name (`Host:
/// localhost`, `127.0.0.1`, `[::1]` or the `--host` given): a DNS-rebinding page gets 403.
package final class PreviewServer: @unchecked Sendable {
    let files: StaticFiles
    private let lock = NSLock()
    private var version = 1
    /// The rebuild that last changed every page (the first build, or one without a previous site
    /// to compare with), and the last one that changed each page since, by site path.
    private var everyPageSince = 1
    private var pageVersions: [String: Int] = [:]
    private var listener: Int32 = -1
    private var connections = 0
    /// The names a request's `Host` may give, without the port.
    let allowedHosts: Set<String>
    /// Seconds a client has to send its whole request.
    var requestDeadline: Double = 10
    /// Connections served at once; more are closed at once.
    static let maximumConnections = 256

    init(serving folder: String, host: String = "127.0.0.1") {
        files = StaticFiles(root: folder)
        allowedHosts = ["localhost", "127.0.0.1", "[::1]", host.lowercased()]
    }

    /// Whether a `Host` header value names this machine: one of `allowedHosts`, with any port.
    func isAllowed(host value: String) -> Bool {
        var name = value.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            name = String(name[...close])
        } else if let colon = name.firstIndex(of: ":") {
            name = String(name[..<colon])
        }
        return allowedHosts.contains(name)
    }

    /// After a rebuild: the pages it changed (`nil`: every page may have) get a new version, so
    /// that those open in a browser reload, and only those.
    func siteChanged(pages changed: Set<String>?) {
        lock.withLock {
            version += 1
            if let changed {
                for path in changed { pageVersions[path] = version }
            } else {
                everyPageSince = version
                pageVersions = [:]
            }
        }
    }

    var currentVersion: Int { lock.withLock { version } }

    /// The version of the page at site path `path` (`guide/setup/index.html`): the last rebuild
    /// that changed it.
    func version(ofPage path: String) -> Int { lock.withLock { max(everyPageSince, pageVersions[path] ?? 0) } }

    /// Listens on `host:port` (port 0: one the system picks) and returns the port.
    func listen(host: String, port: Int) throws -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServeError(message: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port)).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw ServeError(message: "'\(host)' is not an IPv4 address such as 127.0.0.1")
        }
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) } }
        guard bound == 0, Glibc.listen(fd, 128) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ServeError(message: "cannot listen on \(host):\(port): \(reason)")
        }
        var length = size
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts connections until the process ends.
    func serveForever() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let admitted = lock.withLock { () -> Bool in
                guard connections < Self.maximumConnections else { return false }
                connections += 1
                return true
            }
            guard admitted else {
                close(client)
                continue
            }
            Thread.detachNewThread {
                self.handle(client)
                self.lock.withLock { self.connections -= 1 }
            }
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        let deadline = Date().addingTimeInterval(requestDeadline)
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end = Array("\r\n\r\n".utf8)
        var isComplete = false
        while request.count < 65_536 {
            // The deadline is for the whole request: a byte every few seconds does not extend it.
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { break }
            var timeout = timeval(tv_sec: Int(left), tv_usec: Int((left - left.rounded(.down)) * 1_000_000))
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            request += buffer[0..<count]
            if request.count >= 4, request[(request.count - min(request.count, count + 3))...].firstRange(of: end) != nil {
                isComplete = true
                break
            }
        }
        let response = respond(to: request, isComplete: isComplete)
        let bytes = response.encoded(includingBody: !request.starts(with: Array("HEAD ".utf8)))
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}

extension PreviewServer {
    /// The answer to the bytes of a request: 408 when it never finished, 403 for a `Host` that
    /// is not this machine, else what `StaticFiles` says.
    func respond(to request: [UInt8], isComplete: Bool) -> HTTPResponse {
        guard isComplete else { return .text(408, "the request did not arrive in time") }
        let lines = String(decoding: request, as: UTF8.self).components(separatedBy: "\r\n")
        let line = (lines.first ?? "").split(separator: " ")
        guard line.count >= 2 else { return .text(400, "bad request") }
        for header in lines.dropFirst() {
            guard let colon = header.firstIndex(of: ":"), header[..<colon].lowercased() == "host" else { continue }
            if !isAllowed(host: String(header[header.index(after: colon)...])) {
                return .text(403, "folio serve answers only requests for localhost, 127.0.0.1 or [::1]")
            }
        }
        return files.response(method: String(line[0]), target: String(line[1]), version: { self.version(ofPage: $0) })
    }
}

struct ServeError: Error {
    var message: String
}
