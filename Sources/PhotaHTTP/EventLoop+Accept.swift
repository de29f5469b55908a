// SPDX-License-Identifier: Apache-2.0
import Glibc
import PhotaNet

extension EventLoop {
    /// Accepts what is pending, up to a batch, honouring the connection cap.
    func acceptConnections() {
        for _ in 0..<64 {
            if self.server.openConnections.load(ordering: .relaxed)
                >= self.server.maxConnections.load(ordering: .relaxed)
            {
                self.pauseAccepting(for: 50_000_000)
                return
            }
            let socket: Socket
            do {
                guard case .done(let accepted) = try self.listener.accept() else { return }
                socket = accepted
            } catch {
                switch error.errno {
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors: the pending connection stays in the backlog and epoll
                    // would report it again at once, so stop listening for a moment instead of spinning.
                    self.server.logger.warning("accept failed; pausing", metadata: ["error": "\(error)"])
                    self.pauseAccepting(for: 100_000_000)
                    return
                default:
                    continue  // ECONNABORTED and friends concern one client only.
                }
            }
            self.register(socket)
        }
    }

    private func register(_ socket: Socket) {
        self.generation &+= 1
        let token = (self.generation << 32) | UInt64(UInt32(bitPattern: socket.fd))
        let now = MonotonicTime.now()
        let connection = Connection(socket: socket, token: token, loop: self, now: now)
        do {
            try self.poller.add(fd: socket.fd, token: token, interest: .read)
        } catch {
            socket.close()
            return
        }
        self.server.openConnections.add(1, ordering: .relaxed)
        self.connections[socket.fd] = connection
        if self.nextSweep == 0 { self.nextSweep = now + self.sweepInterval }
    }

    func pauseAccepting(for nanoseconds: UInt64) {
        guard self.listening else { return }
        self.poller.remove(fd: self.listener.fd)
        self.listening = false
        self.acceptPausedUntil = MonotonicTime.now() + nanoseconds
    }

    func resumeAcceptingIfDue(now: UInt64) {
        guard let until = self.acceptPausedUntil, now >= until, self.shutdownStartedAt == nil else { return }
        self.acceptPausedUntil = nil
        do {
            try self.poller.add(fd: self.listener.fd, token: Self.listenerToken, interest: .acceptExclusive)
            self.listening = true
        } catch {
            self.acceptPausedUntil = now + 100_000_000
        }
    }
}
