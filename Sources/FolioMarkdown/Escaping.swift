/// Escapes text for HTML content or a double-quoted attribute: `&`, `<`, `>`, `"`, `'`.
/// Used for every value that comes from YAML or front matter.
public func escapeHTML(_ text: String) -> String { escape(text, apostrophe: true) }

/// Escapes text the way cmark-gfm does for titles and alt text: `&`, `<`, `>`, `"`.
func escapeHTMLText(_ text: String) -> String { escape(text, apostrophe: false) }

private func escape(_ text: String, apostrophe: Bool) -> String {
    // Over the contiguous bytes, all of which are above `>` in most text (1% of a build through
    // the UTF-8 view's iterator).
    var copy = text
    let needsEscaping = copy.withUTF8 { bytes in
        bytes.contains {
            $0 <= UInt8(ascii: ">")
                && ($0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"")
                    || (apostrophe && $0 == UInt8(ascii: "'")) || $0 == 0)
        }
    }
    guard needsEscaping else { return text }
    // Scalar by scalar, never Character by Character: a "prepend" scalar such as U+06DD joins
    // the quote after it into one Character, which then compared unequal to `"` and went out
    // unescaped (found by fuzzing the sanitizer).
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result.append(contentsOf: "&amp;".unicodeScalars)
        case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
        case "<": result.append(contentsOf: "&lt;".unicodeScalars)
        case ">": result.append(contentsOf: "&gt;".unicodeScalars)
        case "'" where apostrophe: result.append(contentsOf: "&#39;".unicodeScalars)
        // U+0000 becomes U+FFFD, as cmark-gfm and HTML parsers do: written raw, it ended the C
        // string of the HTML node it was in, and the rest of the page fell inside an open
        // attribute (an abbreviation's title with a NUL, found by fuzzing; an `onclick` came out).
        case "\0": result.append("\u{FFFD}")
        default: result.append(scalar)
        }
    }
    return String(result)
}

/// Escapes a URL for an `href` or `src` exactly as cmark-gfm does (houdini's `escape_href`):
/// URL-safe and reserved characters and `%` are kept, `&` and `'` become character references,
/// every other byte is percent-encoded.
public func escapeHref(_ url: String) -> String {
    // The table and the bytes taken once, not a global's accessor and the string's generic
    // view for each byte (2,400 instructions a link: 1.3% of a build).
    var url = url
    return hrefSafe.withUnsafeBufferPointer { safe in
        url.withUTF8 { bytes -> String? in
            guard !bytes.allSatisfy({ safe[Int($0)] && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "'") }) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            let hex = Array("0123456789ABCDEF".utf8)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): result += "&amp;".utf8
                case UInt8(ascii: "'"): result += "&#x27;".utf8
                case _ where safe[Int(byte)]: result.append(byte)
                default: result += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
    } ?? url
}

/// houdini's HREF_SAFE: alphanumerics and `-_.+!*'(),%#@?=;:/,+&$~`.
private let hrefSafe: [Bool] = (0..<256).map { code in
    guard code < 128 else { return false }
    let scalar = Character(Unicode.Scalar(UInt8(code)))
    return scalar.isLetter || scalar.isNumber || "-_.+!*'(),%#@?=;:/&$~".contains(scalar)
}
