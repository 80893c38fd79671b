import Foundation

/// The rules for a link's `#fragment`, in one place: which fragments are checked, the id one
/// names, how it is found among a target's ids, and GitHub's line anchors.
package enum Fragment {
    /// GitHub's prefix on the ids of rendered Markdown (`user-content-install`); its page script
    /// scrolls `#install` to it.
    package static let gitHubPrefix = "user-content-"

    /// The fragment of a link that must be checked, or `nil`: no fragment, an empty one, or
    /// `#top`, which every browser scrolls to without an id.
    package static func checked(_ fragment: String?) -> String? {
        guard let fragment, !fragment.isEmpty, fragment != "top" else { return nil }
        return fragment
    }

    /// The id a fragment names: `#instala%C3%A7%C3%A3o` names `instalação`.
    package static func id(_ fragment: String) -> String {
        fragment.utf8.contains(UInt8(ascii: "%")) ? fragment.removingPercentEncoding ?? fragment : fragment
    }

    /// Whether `ids` holds the id `fragment` names; on GitHub's rendering (a repository file, an
    /// external page) also with GitHub's prefix.
    package static func isFound(_ fragment: String, in ids: some Sequence<String>, onGitHub: Bool) -> Bool {
        let id = id(fragment)
        return ids.contains(id) || (onGitHub && ids.contains(gitHubPrefix + id))
    }

    /// An id as a reader would write it in a link: without GitHub's prefix.
    package static func written(_ id: String) -> String {
        id.hasPrefix(gitHubPrefix) ? String(id.dropFirst(gitHubPrefix.count)) : id
    }

    /// GitHub's line anchors of a file view: `L10` -> 10...10, `L10-L20` -> 10...20; `nil` for any
    /// other fragment.
    package static func lineRange(_ fragment: String) -> ClosedRange<Int>? {
        let parts = fragment.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        let numbers = parts.map { part -> Int? in
            guard part.first == "L", part.count > 1, part.dropFirst().allSatisfy(\.isASCII) else { return nil }
            return Int(part.dropFirst())
        }
        guard let first = numbers.first ?? nil, let last = numbers.last ?? nil, first >= 1, last >= first else { return nil }
        return first...last
    }
}
