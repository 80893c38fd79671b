import FolioYAML
import Foundation

/// `repository:` in folio.yaml: where the repository is browsed on the web.
///
/// Links to repository files that are not part of the site (`../Makefile`, `/ml/llm/`) go to
/// their web view, and every page gets an "edit this page" link. GitHub, GitLab, Gitea/Forgejo
/// and Bitbucket are known by host; any other host needs `file_url` and `folder_url`.
public struct RepositoryConfig: Sendable, Equatable {
    /// The repository's web address, without a trailing slash or `.git`.
    public var url: String
    /// The branch links point at.
    public var branch: String
    /// Templates with `{path}` (and optionally `{branch}`) for a file, a folder, and editing a file.
    public var fileURL: String
    public var folderURL: String
    public var editURL: String
    /// `repo_name` in mkdocs.yml: how the header names the repository.
    public var name: String?

    /// The keys `repository:` accepts.
    static let keys = ["url", "branch", "file_url", "folder_url", "edit_url"]

    /// The web view of a repository file (`Makefile`) or folder (`ml/llm`).
    public func webURL(for path: String, isFolder: Bool) -> String {
        fill(isFolder ? folderURL : fileURL, path)
    }

    /// The "edit this page" address of a repository file (`{content_path}`: its path inside the
    /// content folder, as MkDocs' `edit_uri` counts it); `nil` when editing has no address.
    public func editURL(for path: String, contentPath: String? = nil) -> String? {
        guard !editURL.isEmpty else { return nil }
        return fill(editURL.replacingOccurrences(of: "{content_path}", with: "\u{0}"), path)
            .replacingOccurrences(of: "\u{0}", with: Self.encodePath(contentPath ?? path))
    }

    static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).map {
            $0.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? String($0)
        }.joined(separator: "/")
    }

    private func fill(_ template: String, _ path: String) -> String {
        let encoded = path.split(separator: "/", omittingEmptySubsequences: true).map {
            $0.addingPercentEncoding(withAllowedCharacters: Self.segmentAllowed) ?? String($0)
        }.joined(separator: "/")
        return template.replacingOccurrences(of: "{branch}", with: branch).replacingOccurrences(of: "{path}", with: encoded)
    }

    private static let segmentAllowed: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return allowed
    }()

    /// The URL templates a known host uses: (file, folder, edit).
    static func hostTemplates(for url: String) -> (file: String, folder: String, edit: String)? {
        let host = URLComponents(string: url)?.host?.lowercased() ?? ""
        if host == "github.com" || host.hasPrefix("github.") {
            return (url + "/blob/{branch}/{path}", url + "/tree/{branch}/{path}", url + "/edit/{branch}/{path}")
        }
        if host.contains("gitlab") {
            return (url + "/-/blob/{branch}/{path}", url + "/-/tree/{branch}/{path}", url + "/-/edit/{branch}/{path}")
        }
        if host.contains("gitea") || host.contains("forgejo") || host == "codeberg.org" {
            return (url + "/src/branch/{branch}/{path}", url + "/src/branch/{branch}/{path}", url + "/_edit/{branch}/{path}")
        }
        if host == "bitbucket.org" || host.contains("bitbucket") {
            return (url + "/src/{branch}/{path}", url + "/src/{branch}/{path}", url + "/src/{branch}/{path}?mode=edit")
        }
        return nil
    }

    /// Reads the `repository` mapping; unknown keys are warnings, an unusable value an error.
    static func parse(_ node: YAMLNode, path: String, into diagnostics: inout Diagnostics) throws -> RepositoryConfig {
        guard let pairs = node.pairs else {
            throw YAMLError.type(path: "repository", expected: "a mapping with 'url' (and 'branch')", found: node.summary, node.mark)
        }
        var values: [String: String] = [:]
        for pair in pairs {
            let key = pair.key.scalar?.string ?? pair.key.summary
            guard keys.contains(key) else {
                diagnostics.unknownKey(
                    "config.unknown-key", "unknown setting 'repository.\(key)'", key: key, known: keys, at: Config.location(pair.key.mark, path),
                    listing: "known settings")
                continue
            }
            guard let scalar = pair.value.scalar, scalar.value != .null, !scalar.string.isEmpty else {
                throw YAMLError.type(path: "repository.\(key)", expected: "text", found: pair.value.summary, pair.value.mark)
            }
            values[key] = scalar.string
        }
        guard var url = values["url"] else { throw YAMLError.missingKey(path: "repository.url", node.mark) }
        let urlMark = pairs.first { $0.key.scalar?.string == "url" }?.value.mark ?? node.mark
        guard Config.isWebURL(url) else {
            throw ConfigError(
                rule: "config.repository", message: "'repository.url' must be an absolute http or https URL, found \"\(url)\"", mark: urlMark,
                suggestion: "e.g. https://github.com/acme/shop")
        }
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix(".git") { url.removeLast(4) }
        let known = hostTemplates(for: url)
        guard let file = values["file_url"] ?? known?.file, let folder = values["folder_url"] ?? known?.folder else {
            throw ConfigError(
                rule: "config.repository",
                message:
                    "Folio does not know the URLs of '\(URLComponents(string: url)?.host ?? url)' (it knows GitHub, GitLab, Gitea, Forgejo and Bitbucket)",
                mark: urlMark, suggestion: "set repository.file_url and repository.folder_url, with {path} where the file's path goes")
        }
        let edit = values["edit_url"] ?? known?.edit ?? file
        return RepositoryConfig(url: url, branch: values["branch"] ?? "main", fileURL: file, folderURL: folder, editURL: edit)
    }
}
