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

    /// A journey's last step on or before the as-of bound `?1`, as `last_step_at`,
    /// for the journey aliased `j`.
    static let lastStepAt = "(SELECT max(s.at) FROM steps s WHERE s.journey_id = j.id AND s.at <= ?1) AS last_step_at"

    /// Days without a step up to as-of `?2` (from the opening when there is
    /// none), over a row that has `last_step_at` and `opened_at`.
    static let silentDays = "max(0, julianday(?2) - julianday(coalesce(last_step_at, opened_at)))"
}
