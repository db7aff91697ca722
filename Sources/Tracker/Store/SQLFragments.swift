/// Pieces of SQL that several queries share, written once. Their text is
/// fixed here; every value still goes in as a bound parameter.
enum SQLFragments {
    /// An obstacle's sectors, alphabetical and `;`-joined, for the obstacle
    /// aliased `obstacle` in the enclosing query.
    static func obstacleSectors(of obstacle: String) -> String {
        """
        (SELECT group_concat(sector_id, ';') FROM
            (SELECT os.sector_id FROM obstacle_sectors os WHERE os.obstacle_id = \(obstacle).id ORDER BY os.sector_id))
        """
    }

    /// A journey's last live step on or before the as-of bound `?1`, as
    /// `last_step_at`, for the journey aliased `j`.
    static let lastStepAt = """
        (SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id AND s.at <= ?1 AND s.voided_at IS NULL) AS last_step_at
        """

    /// A live step of the journey aliased `j` in the sector bound as `parameter`.
    static func hasStep(inSector parameter: String) -> String {
        "EXISTS (SELECT 1 FROM steps x WHERE x.sector_id = \(parameter) AND x.journey_id = j.id AND x.voided_at IS NULL)"
    }

    /// Days without a step up to as-of `?2` (from the opening when there is
    /// none), over a row that has `last_step_at` and `opened_at`.
    static let silentDays = "max(0, julianday(?2) - julianday(coalesce(last_step_at, opened_at)))"
}
