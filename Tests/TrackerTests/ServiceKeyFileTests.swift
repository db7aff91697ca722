import Testing
@testable import Tracker

@Suite("The key file of a libpq service")
struct ServiceKeyFileTests {
    @Test("the service is read from key=value words, quoted or not, and from a URI's query")
    func serviceNames() {
        #expect(ServiceKeyFile.serviceName(in: "service=tracker") == "tracker")
        #expect(ServiceKeyFile.serviceName(in: "host=/tmp/x  user=mette service = roskilde dbname=cases") == "roskilde")
        #expect(ServiceKeyFile.serviceName(in: "service='job centre' user=mette") == "job centre")
        #expect(ServiceKeyFile.serviceName(in: #"password='it\'s' service=a"#) == "a")
        #expect(ServiceKeyFile.serviceName(in: "host=/tmp/x dbname=cases") == nil)
        #expect(ServiceKeyFile.serviceName(in: "postgresql://db.example/cases?sslmode=verify-full&service=tracker%2Dprod")
                == "tracker-prod")
        #expect(ServiceKeyFile.serviceName(in: "postgresql://db.example/cases") == nil)
    }

    @Test("the key file sits in $XDG_CONFIG_HOME/tracker, else ~/.config/tracker; a name that could leave it gives none")
    func paths() {
        let xdg = ["XDG_CONFIG_HOME": "/etc/xdg-mette", "HOME": "/home/mette"]
        #expect(ServiceKeyFile.path(forConninfo: "service=tracker", environment: { xdg[$0] }) == "/etc/xdg-mette/tracker/tracker.key")
        let home = ["HOME": "/home/mette"]
        #expect(ServiceKeyFile.path(forConninfo: "service=tracker", environment: { home[$0] })
                == "/home/mette/.config/tracker/tracker.key")
        #expect(ServiceKeyFile.path(forConninfo: "service=../../etc/x", environment: { home[$0] }) == nil)
        #expect(ServiceKeyFile.path(forConninfo: "service=..", environment: { home[$0] }) == nil)
        #expect(ServiceKeyFile.path(forConninfo: "host=/tmp/x", environment: { home[$0] }) == nil)
        #expect(ServiceKeyFile.path(forConninfo: "service=tracker", environment: { _ in nil }) == nil)
    }
}
