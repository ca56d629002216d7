// A video visit in the browser: the /api/v1/live WebSocket for the room (waiting, admit, signaling,
// chat) and one RTCPeerConnection per other participant (full mesh, up to four people). The media
// goes browser to browser; the server only relays signaling between admitted members.
//
// Who offers: the newcomer. When you are admitted (or join already admitted) you offer to everyone
// already in; people already in wait for your offer. That avoids both sides offering at once.

export type { IceServer, Ticket } from '../types';
import type { Ticket } from '../types';

export interface Participant {
  id: string;
  kind: 'staff' | 'client' | 'guest';
  name: string;
  state: 'waiting' | 'admitted' | 'left';
  joined_at: string;
  audio_only: boolean;
  stated_state?: string | null;
  licensure_allowed?: boolean | null;
  licensure_reason?: string;
}

export interface Peer {
  participant: Participant;
  stream: MediaStream | null;
  state: RTCPeerConnectionState;
  muted?: boolean;
  camera_off?: boolean;
  audio_only?: boolean;
  sharing?: boolean;
}

export interface ChatLine {
  from: string;
  name: string;
  text: string;
  at: string;
  mine: boolean;
}

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface CallState {
  phase: 'connecting' | 'waiting' | 'in-room' | 'ended' | 'removed' | 'failed';
  self: Participant | null;
  peers: Peer[];
  waiting: Participant[];
  chat: ChatLine[];
  notice: string | null;
  licensure: { stated_state: string | null; allowed: boolean | null; reason: string } | null;
  starts_at: string | null;
  quality: Quality;
  error: string | null;
}

type Listener = (s: CallState) => void;

export class Call {
  state: CallState = {
    phase: 'connecting', self: null, peers: [], waiting: [], chat: [], notice: null, licensure: null, starts_at: null,
    quality: 'unknown', error: null,
  };
  private ws: WebSocket | null = null;
  private pcs = new Map<string, RTCPeerConnection>();
  private pending = new Map<string, RTCIceCandidateInit[]>();
  private listeners = new Set<Listener>();
  private statsTimer = 0;
  private closed = false;
  private reconnects = 0;
  private lastBytes = new Map<string, number>();

  constructor(
    private ticket: Ticket,
    public local: MediaStream,
  ) {}

  subscribe(fn: Listener) {
    this.listeners.add(fn);
    fn(this.state);
    return () => {
      this.listeners.delete(fn);
    };
  }

  private set(patch: Partial<CallState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private setPeer(id: string, patch: Partial<Peer>) {
    this.set({ peers: this.state.peers.map((p) => (p.participant.id === id ? { ...p, ...patch } : p)) });
  }

  open() {
    const url = new URL(this.ticket.signaling_url, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.reconnects = 0;
      this.send({ type: 'room.join', room_id: this.ticket.room_id });
    };
    ws.onmessage = (e) => this.onMessage(JSON.parse(e.data));
    ws.onclose = () => {
      if (this.closed || ['ended', 'removed'].includes(this.state.phase)) return;
      // The socket dropped (network change, server restart): rejoin; the room and the visit clock survive.
      this.set({ notice: 'Reconnecting…' });
      const wait = Math.min(8000, 500 * 2 ** this.reconnects++);
      window.setTimeout(() => !this.closed && this.open(), wait);
    };
    if (!this.statsTimer) this.statsTimer = window.setInterval(() => void this.sampleQuality(), 2000);
  }

  private send(msg: object) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private async onMessage(m: any) {
    switch (m.type) {
      case 'room.joined': {
        const self: Participant = m.self;
        const present: Participant[] = m.present;
        this.closePeers();
        this.set({
          self, starts_at: m.starts_at, licensure: m.licensure ?? null, notice: null,
          phase: self.state === 'admitted' ? 'in-room' : 'waiting',
          waiting: present.filter((p) => p.state === 'waiting'),
          peers: [],
        });
        if (self.state === 'admitted') for (const p of present.filter((x) => x.state === 'admitted')) await this.offerTo(p);
        break;
      }
      case 'room.admitted':
        this.set({ phase: 'in-room', self: this.state.self && { ...this.state.self, state: 'admitted' }, notice: null });
        for (const p of m.present as Participant[]) await this.offerTo(p);
        break;
      case 'room.waiting':
        this.set({ waiting: [...this.state.waiting.filter((w) => w.id !== m.participant.id), m.participant] });
        break;
      case 'peer.joined':
        this.set({ waiting: this.state.waiting.filter((w) => w.id !== m.participant.id) });
        this.addPeer(m.participant);
        break;
      case 'peer.left':
        this.set({ waiting: this.state.waiting.filter((w) => w.id !== m.participant_id) });
        this.dropPeer(m.participant_id);
        break;
      case 'peer.media':
        this.setPeer(m.participant_id, {
          ...(m.muted !== undefined && { muted: m.muted }),
          ...(m.camera_off !== undefined && { camera_off: m.camera_off }),
          ...(m.audio_only !== undefined && { audio_only: m.audio_only }),
          ...(m.sharing !== undefined && { sharing: m.sharing }),
        });
        break;
      case 'signal':
        await this.onSignal(m.from, m);
        break;
      case 'chat':
        this.set({ chat: [...this.state.chat, { from: m.from, name: m.name, text: m.text, at: m.at, mine: m.from === this.state.self?.id }] });
        break;
      case 'room.message':
        this.set({ notice: `${m.name}: ${m.text}` });
        break;
      case 'room.removed':
        this.set({ phase: 'removed' });
        this.hangUp();
        break;
      case 'room.ended':
        this.set({ phase: 'ended' });
        this.hangUp();
        break;
      case 'error':
        if (m.about === 'room.join') this.set({ phase: 'failed', error: m.detail });
        else this.set({ error: m.detail });
        break;
    }
  }

  private addPeer(p: Participant): RTCPeerConnection {
    const existing = this.pcs.get(p.id);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: this.ticket.ice_servers, iceTransportPolicy: this.ticket.ice_transport_policy ?? 'all' });
    this.pcs.set(p.id, pc);
    for (const track of this.local.getTracks()) pc.addTrack(track, this.local);
    // Without a camera or microphone (refused, or none), still receive the others' media.
    if (this.local.getAudioTracks().length === 0) pc.addTransceiver('audio', { direction: 'recvonly' });
    if (this.local.getVideoTracks().length === 0) pc.addTransceiver('video', { direction: 'recvonly' });
    if (!this.state.peers.some((x) => x.participant.id === p.id))
      this.set({ peers: [...this.state.peers, { participant: p, stream: null, state: 'new' }] });
    pc.onicecandidate = (e) => e.candidate && this.send({ type: 'signal', to: p.id, candidate: e.candidate.toJSON() });
    pc.ontrack = (e) => this.setPeer(p.id, { stream: e.streams[0] ?? new MediaStream([e.track]) });
    pc.onconnectionstatechange = () => {
      this.setPeer(p.id, { state: pc.connectionState });
      // A network drop: the side that offered restarts ICE; the room and the other peers carry on.
      if (pc.connectionState === 'failed' && (pc as any).__offerer) void this.offerTo(p, true);
    };
    return pc;
  }

  private async offerTo(p: Participant, iceRestart = false) {
    const pc = this.addPeer(p);
    (pc as any).__offerer = true;
    const offer = await pc.createOffer({ iceRestart });
    await pc.setLocalDescription(offer);
    this.send({ type: 'signal', to: p.id, description: { type: offer.type, sdp: offer.sdp } });
  }

  private async onSignal(from: string, m: any) {
    let pc = this.pcs.get(from);
    if (!pc) {
      const known = this.state.peers.find((x) => x.participant.id === from)?.participant;
      pc = this.addPeer(known ?? { id: from, kind: 'staff', name: '', state: 'admitted', joined_at: '', audio_only: false });
    }
    if (m.description) {
      await pc.setRemoteDescription(m.description);
      for (const c of this.pending.get(from) ?? []) await pc.addIceCandidate(c);
      this.pending.delete(from);
      if (m.description.type === 'offer') {
        const answer = await pc.createAnswer();
        await pc.setLocalDescription(answer);
        this.send({ type: 'signal', to: from, description: { type: answer.type, sdp: answer.sdp } });
      }
    } else if (m.candidate) {
      if (!pc.remoteDescription) this.pending.set(from, [...(this.pending.get(from) ?? []), m.candidate]);
      else await pc.addIceCandidate(m.candidate).catch(() => undefined);
    }
  }

  private dropPeer(id: string) {
    this.pcs.get(id)?.close();
    this.pcs.delete(id);
    this.set({ peers: this.state.peers.filter((p) => p.participant.id !== id) });
  }

  private closePeers() {
    for (const pc of this.pcs.values()) pc.close();
    this.pcs.clear();
  }

  // Staff actions.
  admit(id: string) { this.send({ type: 'room.admit', participant_id: id }); }
  remove(id: string) { this.send({ type: 'room.remove', participant_id: id }); }
  message(id: string, text: string) { this.send({ type: 'room.message', participant_id: id, text }); }
  endForAll() { this.send({ type: 'room.end' }); }

  chat(text: string) { this.send({ type: 'chat', text }); }
  clearError() { this.set({ error: null }); }

  setMuted(muted: boolean) {
    for (const t of this.local.getAudioTracks()) t.enabled = !muted;
    this.send({ type: 'media', muted });
  }

  setCameraOff(off: boolean) {
    for (const t of this.local.getVideoTracks()) t.enabled = !off;
    this.send({ type: 'media', camera_off: off });
  }

  /** Audio only: stop sending video (recorded as the delivered mode when most of the visit is so). */
  setAudioOnly(on: boolean) {
    for (const t of this.local.getVideoTracks()) t.enabled = !on;
    this.send({ type: 'media', audio_only: on, camera_off: on });
  }

  /** Shares the screen in place of the camera; calls back when sharing stops. */
  async shareScreen(onStop: () => void) {
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
    const track = screen.getVideoTracks()[0];
    await this.replaceVideo(track);
    this.send({ type: 'media', sharing: true });
    track.onended = () => {
      void this.replaceVideo(this.local.getVideoTracks()[0] ?? null);
      this.send({ type: 'media', sharing: false });
      onStop();
    };
    return () => track.stop();
  }

  private async replaceVideo(track: MediaStreamTrack | null) {
    for (const pc of this.pcs.values())
      for (const s of pc.getSenders()) if (s.track?.kind === 'video' || (s.track === null && track)) await s.replaceTrack(track);
  }

  /** Connection quality from getStats: round-trip time and packet loss on the worst peer. */
  private async sampleQuality() {
    let worst: Quality = this.pcs.size ? 'good' : 'unknown';
    const rank = { good: 0, fair: 1, poor: 2, unknown: -1 };
    for (const [id, pc] of this.pcs) {
      const stats = await pc.getStats();
      let rtt = 0;
      let lost = 0;
      let received = 0;
      stats.forEach((r: any) => {
        if (r.type === 'candidate-pair' && r.nominated && r.currentRoundTripTime !== undefined) rtt = r.currentRoundTripTime;
        if (r.type === 'inbound-rtp') {
          lost += r.packetsLost ?? 0;
          received += r.packetsReceived ?? 0;
        }
      });
      const prev = this.lastBytes.get(id) ?? 0;
      this.lastBytes.set(id, received);
      const loss = received > prev ? lost / Math.max(1, received) : 0;
      const q: Quality = pc.connectionState !== 'connected' ? 'poor' : rtt > 0.4 || loss > 0.08 ? 'poor' : rtt > 0.2 || loss > 0.02 ? 'fair' : 'good';
      if (rank[q] > rank[worst]) worst = q;
    }
    if (worst !== this.state.quality) this.set({ quality: worst });
  }

  /** For diagnostics and tests: decoded video frames and connection state per peer. */
  async diagnostics() {
    const out: { peer: string; state: string; framesDecoded: number; relay: boolean }[] = [];
    for (const [id, pc] of this.pcs) {
      let frames = 0;
      let relay = false;
      const stats = await pc.getStats();
      const candidates = new Map<string, any>();
      stats.forEach((r: any) => candidates.set(r.id, r));
      stats.forEach((r: any) => {
        if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded ?? 0;
        // The pair the transport selected tells whether media goes through a TURN relay.
        if (r.type === 'transport' && r.selectedCandidatePairId) {
          const pair = candidates.get(r.selectedCandidatePairId);
          relay ||= candidates.get(pair?.localCandidateId)?.candidateType === 'relay';
        }
      });
      out.push({ peer: id, state: pc.connectionState, framesDecoded: frames, relay });
    }
    return out;
  }

  private hangUp() {
    this.closePeers();
    this.set({ peers: [] });
    window.clearInterval(this.statsTimer);
    this.statsTimer = 0;
  }

  leave() {
    this.closed = true;
    this.send({ type: 'room.leave' });
    this.hangUp();
    this.ws?.close();
    for (const t of this.local.getTracks()) t.stop();
  }
}
