import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where an address is, for deciding which redirects to follow: a public page must not lead the
/// check into the machine's own network (`169.254.169.254`, a cloud's metadata service, or
/// `10.0.0.5`, an internal admin page), where a request can read or change things.
enum NetworkClass: Int, Comparable {
    case publicInternet, privateNetwork, loopback, linkLocal

    static func < (lhs: NetworkClass, rhs: NetworkClass) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Why a redirect from `origin` to `target` (host names or IP literals) is not followed, or
    /// `nil` when it may be: never into a link-local address from elsewhere, never from a public
    /// host into a private, loopback or link-local one. A name is judged by what it resolves to.
    static func refusal(from origin: String, to target: String) -> String? {
        let from = classify(origin), to = classify(target)
        if to == .linkLocal && from != .linkLocal {
            return "a link-local address (such as a cloud metadata service); Folio does not follow redirects there"
        }
        if from == .publicInternet && to != .publicInternet {
            return "an address of a private network; Folio does not follow a public page's redirect into one"
        }
        return nil
    }

    /// The most private class of the host's addresses (an IP literal, or a name resolved now).
    static func classify(_ host: String) -> NetworkClass {
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") { return .loopback }
        if let literal = classifyLiteral(name) { return literal }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var results: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &results) == 0, let first = results else { return .publicInternet }
        defer { freeaddrinfo(first) }
        var worst = NetworkClass.publicInternet
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let entry = current {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0,
                let found = classifyLiteral(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            {
                worst = max(worst, found)
            }
            current = entry.pointee.ai_next
        }
        return worst
    }

    /// The class of an IPv4 or IPv6 literal; `nil` for a name.
    static func classifyLiteral(_ text: String) -> NetworkClass? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let bytes = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            switch (bytes[0], bytes[1]) {
            case (127, _): return .loopback
            case (169, 254): return .linkLocal
            case (10, _), (192, 168), (0, _): return .privateNetwork
            case (172, 16...31), (100, 64...127): return .privateNetwork
            default: return .publicInternet
            }
        }
        var v6 = in6_addr()
        let address = text.split(separator: "%").first.map(String.init) ?? text
        guard inet_pton(AF_INET6, address, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && (bytes[15] == 1 || bytes[15] == 0) { return .loopback }
        if bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80 { return .linkLocal }
        if (bytes[0] & 0xFE) == 0xFC { return .privateNetwork }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return classifyLiteral("\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])")
        }
        return .publicInternet
    }
}

extension ExternalCheck {
    /// `https://user:secret@host/x` -> `https://user:***@host/x`: a URL as it may be printed or
    /// cached, its password never.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userinfo = authority[..<at]
        let user = userinfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        let shown = userinfo.contains(":") ? user + ":***" : "***"
        return String(url[..<scheme.upperBound]) + shown + String(authority[at...]) + String(rest[authorityEnd...])
    }
}
