/// What Docker Compose reads when no `-f` is given.
package enum ComposeFile {
    /// The default compose file names, in the order Docker Compose looks for them in a folder.
    package static let defaultNames = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"]
}
