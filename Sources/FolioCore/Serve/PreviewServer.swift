import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server for `folio serve`: one connection, one request, one response, each on
/// a worker thread. It only reads files of the built site (`StaticFiles`), and listens on
/// 127.0.0.1 unless told otherwise.
final class PreviewServer: @unchecked Sendable {
    let files: StaticFiles
    private let lock = NSLock()
    private var version = 1
    private var listener: Int32 = -1

    init(serving folder: String) {
        files = StaticFiles(root: folder)
    }

    /// The number pages poll: bumped after each rebuild so that open pages reload.
    func siteChanged() { lock.withLock { version += 1 } }

    private var currentVersion: Int { lock.withLock { version } }

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
            DispatchQueue.global().async { self.handle(client) }
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end = Array("\r\n\r\n".utf8)
        while request.count < 65_536 {
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            request += buffer[0..<count]
            if request.count >= 4, request[(request.count - min(request.count, count + 3))...].firstRange(of: end) != nil { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self).split(separator: " ")
        let response: HTTPResponse
        if line.count >= 2 {
            response = files.response(method: String(line[0]), target: String(line[1]), version: currentVersion)
        } else {
            response = .text(400, "bad request")
        }
        let bytes = response.encoded(includingBody: line.first != "HEAD")
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }
}

struct ServeError: Error {
    var message: String
}
