import FolioText
import Foundation

/// After rendering: the markers replaced by the containers' HTML.
extension BlockExtensions {
    // MARK: Rendering

    /// `id="` and `for="` followed by U+E005: a tab id to make unique when rendered.
    static let tabIDMark: [UInt8] = Array("id=\"".utf8) + [0xEE, 0x80, 0x85]
    static let tabForMark: [UInt8] = Array("for=\"".utf8) + [0xEE, 0x80, 0x85]

    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool { ByteSearch.firstOffset(of: needle, in: bytes) != nil }

    /// The rendered HTML with every marker paragraph replaced by its fragment.
    static func finish(_ html: String, fragments: [Fragment]) -> String {
        guard !fragments.isEmpty else { return html }
        let bytes = Array(html.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + fragments.count * 32)
        var pendingClose: [[UInt8]] = []
        var usedTabIDs: Set<[UInt8]> = []
        var nextSuffix: [[UInt8]: Int] = [:]
        // The id of the last heading written, found by reading only what was added since the
        // last tab set (reading back through all of it for each set was quadratic).
        var headingID = ""
        var scanned = 0
        func lastHeading() -> String {
            if let found = lastHeadingID(in: result, from: scanned) { headingID = found }
            scanned = result.count
            return headingID
        }
        var tabRenames: [[UInt8]: [UInt8]] = [:]
        var index = 0
        let paragraphOpen = Array("<p>".utf8), paragraphClose = Array("</p>".utf8)
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80 else {
                result.append(byte)
                index += 1
                continue
            }
            switch bytes[index + 2] {
            case 0x80:
                var end = index + 3
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
                guard end + 2 < bytes.count, bytes[end] == 0xEE, bytes[end + 1] == 0x80, bytes[end + 2] == 0x81,
                    let number = Int(String(decoding: bytes[(index + 3)..<end], as: UTF8.self)), fragments.indices.contains(number)
                else {
                    result.append(byte)
                    index += 1
                    continue
                }
                let inParagraph = result.count >= 3 && result[(result.count - 3)...].elementsEqual(paragraphOpen)
                if inParagraph { result.removeLast(3) }
                index = end + 3
                switch fragments[number] {
                case .raw(let html) where BlockExtensions.contains(Array(html.utf8), Self.tabIDMark):
                    // A slugified tab set: U+E004 is the id of the heading before it, then `-`;
                    // an id already used on the page gets `_1`, `_2`, and its label follows it.
                    // Read as bytes: a label that starts with a combining mark would make one
                    // Character with the marker (found by fuzzing).
                    let heading = Array(lastHeading().utf8)
                    tabRenames = [:]
                    let fragment = Array(html.utf8)
                    var cursor = 0
                    while let found = ByteSearch.firstOffset(of: Self.tabIDMark, in: fragment, from: cursor) {
                        result += fragment[cursor..<found]
                        result += Array("id=\"".utf8)
                        let valueStart = found + Self.tabIDMark.count
                        let valueEnd = fragment[valueStart...].firstIndex(of: UInt8(ascii: "\"")) ?? fragment.count
                        let written = Array(fragment[valueStart..<valueEnd])
                        var id: [UInt8] = []
                        var position = 0
                        while position < written.count {
                            if written[position...].starts(with: [0xEE, 0x80, 0x84]) {
                                if !heading.isEmpty { id += heading + [UInt8(ascii: "-")] }
                                position += 3
                            } else {
                                id.append(written[position])
                                position += 1
                            }
                        }
                        var unique = id
                        // Counting on from the last number this id got: trying _1, _2... anew for
                        // each of 20,000 tabs with one label was quadratic.
                        var number = nextSuffix[id] ?? 0
                        while usedTabIDs.contains(unique) {
                            number += 1
                            unique = id + Array("_\(number)".utf8)
                        }
                        nextSuffix[id] = number
                        usedTabIDs.insert(unique)
                        tabRenames[written] = unique
                        result += unique
                        cursor = valueEnd
                    }
                    result += fragment[cursor...]
                    if inParagraph, bytes[index...].starts(with: paragraphClose[...]) {
                        index += 4
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                    }
                case .raw(let html):
                    result += Array(html.utf8)
                    if inParagraph, bytes[index...].starts(with: paragraphClose[...]) {
                        index += 4
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                    }
                case .title(let open, let close) where BlockExtensions.contains(Array(open.utf8), Self.tabForMark):
                    let opening = Array(open.utf8)
                    let found = ByteSearch.firstOffset(of: Self.tabForMark, in: opening)!
                    let valueStart = found + Self.tabForMark.count
                    let valueEnd = opening[valueStart...].firstIndex(of: UInt8(ascii: "\"")) ?? opening.count
                    let written = Array(opening[valueStart..<valueEnd])
                    result += opening[..<found] + Array("for=\"".utf8) + (tabRenames[written] ?? written) + opening[valueEnd...]
                    pendingClose.append(Array(close.utf8) + (inParagraph ? paragraphClose : []))
                case .title(let open, let close):
                    result += Array(open.utf8)
                    pendingClose.append(Array(close.utf8) + (inParagraph ? paragraphClose : []))
                }
            case 0x82:
                index += 3
                guard !pendingClose.isEmpty else { continue }
                let close = pendingClose.removeLast()
                let hadParagraph = close.count >= 4 && close[(close.count - 4)...].elementsEqual(paragraphClose)
                if hadParagraph, bytes[index...].starts(with: paragraphClose[...]) {
                    result += close.dropLast(4)
                    index += 4
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
                } else {
                    result += hadParagraph ? close.dropLast(4) : close[...]
                }
            default:
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// The id of the last heading (`<h2 id="x"`) in `html` at or after `start`, if any.
private func lastHeadingID(in html: [UInt8], from start: Int) -> String? {
    var index = html.count - 8
    while index >= max(start, 0) {
        if html[index] == UInt8(ascii: "<"), html[index + 1] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(html[index + 2]),
            html[(index + 3)...].starts(with: Array(" id=\"".utf8))
        {
            let valueStart = index + 8
            let end = html[valueStart...].firstIndex(of: UInt8(ascii: "\"")) ?? html.count
            return String(decoding: html[valueStart..<end], as: UTF8.self)
        }
        index -= 1
    }
    return nil
}
