// One bulk TCP flow over the seed testbed's path (seed 001 §4.3), in ns-3.37, to validate foxsim
// against an independent simulator. The driver (run.ts) passes the topology from the same scenario
// document foxsim runs, so both see one path:
//
//   sender ──1 Gbit/s, 0 ms── R1 ══ router forwarding stage (routerPerPacketUs per frame, 256-frame
//   ring) ══ R2 [tbf: rate, burst, byte limit, drop-tail] ──1 Gbit/s, RTT 10 ms── receiver
//
// It prints one JSON object on stdout and writes the congestion window, sampled every periodMs, as
// CSV with foxsim's trace columns (time_s, flow, cwnd_segments, ssthresh_segments).
//
// Every ns-3 default that differs from Linux (the reference foxsim models) is set below with a
// comment saying which way it was decided; what cannot be set is listed in the README section
// "Validation against ns-3".
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

using namespace ns3;

namespace
{
// foxsim's names → ns-3's classes (ns-3.37 src/internet/model).
const std::map<std::string, std::string> CC_TYPE = {
    // TcpLinuxReno, not TcpNewReno: TcpNewReno grows cwnd once per ACK (one MSS per ACK in slow
    // start, MSS²/cwnd per ACK in avoidance), so with delayed ACKs it grows half as fast as Linux,
    // which counts acknowledged segments (tcp_slow_start / tcp_cong_avoid_ai). TcpLinuxReno counts
    // segments like Linux.
    {"newreno", "ns3::TcpLinuxReno"},
    {"bic", "ns3::TcpBic"},
    {"cubic", "ns3::TcpCubic"},
    {"htcp", "ns3::TcpHtcp"},
    {"highspeed", "ns3::TcpHighSpeed"},
    {"hybla", "ns3::TcpHybla"},
    {"westwood", "ns3::TcpWestwood"}, // with ProtocolType WestwoodPlus below (Linux's westwood is Westwood+)
    {"scalable", "ns3::TcpScalable"},
    {"vegas", "ns3::TcpVegas"},
};

// Run state, filled by trace sinks.
struct Stats
{
    uint32_t mss = 1448;
    uint32_t cwndBytes = 0;
    uint32_t ssthreshBytes = UINT32_MAX;
    uint64_t dataSegments = 0;
    uint64_t retransmits = 0;
    uint64_t lossEpisodes = 0;     // entries into CA_LOSS: an RTO fired (backed-off repeats stay in it)
    uint64_t fastRecoveries = 0;   // entries into CA_RECOVERY
    SequenceNumber32 highestSent{0};
    bool anySent = false;
    uint64_t rxBytes = 0;
    uint64_t targetBytes = 0;
    Time lastRx;
    std::ofstream trace;
} S;

void
OnCwnd(uint32_t, uint32_t now)
{
    S.cwndBytes = now;
}

void
OnSsthresh(uint32_t, uint32_t now)
{
    S.ssthreshBytes = now;
}

void
OnCongState(TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t now)
{
    if (now == TcpSocketState::CA_LOSS)
        S.lossEpisodes++;
    if (now == TcpSocketState::CA_RECOVERY)
        S.fastRecoveries++;
}

// A data segment is a retransmission when it starts below the highest sequence already sent.
void
OnTx(Ptr<const Packet> p, const TcpHeader& h, Ptr<const TcpSocketBase>)
{
    if (p->GetSize() == 0)
        return;
    S.dataSegments++;
    SequenceNumber32 end = h.GetSequenceNumber() + p->GetSize();
    if (S.anySent && h.GetSequenceNumber() < S.highestSent)
        S.retransmits++;
    if (!S.anySent || end > S.highestSent)
        S.highestSent = end;
    S.anySent = true;
}

void
OnRx(Ptr<const Packet> p, const Address&)
{
    S.rxBytes += p->GetSize();
    S.lastRx = Simulator::Now();
    if (S.targetBytes > 0 && S.rxBytes >= S.targetBytes)
        Simulator::Stop();
}

// The sender's socket exists once BulkSendApplication has started (t = 0).
void
HookSender()
{
    const std::string sock = "/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/";
    Config::ConnectWithoutContext(sock + "CongestionWindow", MakeCallback(&OnCwnd));
    Config::ConnectWithoutContext(sock + "SlowStartThreshold", MakeCallback(&OnSsthresh));
    Config::ConnectWithoutContext(sock + "CongState", MakeCallback(&OnCongState));
    Config::ConnectWithoutContext(sock + "Tx", MakeCallback(&OnTx));
}

// Same columns as foxsim's --trace CSV (the ones the driver reads); an infinite ssthresh is written
// as foxsim writes its initial one, a large number.
void
Sample(Time period)
{
    double ss = S.ssthreshBytes == UINT32_MAX ? 2147483647.0 : double(S.ssthreshBytes) / S.mss;
    char line[128];
    std::snprintf(line, sizeof line, "%.6f,0,%.3f,%.3f\n", Simulator::Now().GetSeconds(), double(S.cwndBytes) / S.mss, ss);
    S.trace << line;
    Simulator::Schedule(period, &Sample, period);
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string cc = "newreno";
    bool sack = true;
    uint64_t bytes = 40000000;   // 0 = unlimited, run for stopS
    double stopS = 0;            // 0 = until `bytes` have arrived
    double lineRateMbps = 1000;  // every link's line rate (Gigabit Ethernet)
    double delayMs = 10;         // forward one-way delay
    double reverseDelayMs = 0;   // reverse one-way delay
    double rateKBps = 2000;      // token bucket rate, KB/s of frames (KB = 1000 B)
    uint32_t burstBytes = 10000; // token bucket depth, bytes of frames
    uint32_t limitBytes = 6000;  // token bucket queue limit, bytes of frames
    double routerPerPacketUs = 34;
    uint32_t mss = 1448;
    uint32_t initialCwnd = 10;
    uint32_t rcvBufBytes = 6291456;
    uint32_t frameBytes = 1514;  // foxsim's frame: Ethernet 14 + IPv4 20 + TCP 20 + timestamps 12 + MSS
    double periodMs = 10;
    std::string tracePath = "ns3-trace.csv";

    CommandLine cmd(__FILE__);
    cmd.AddValue("cc", "congestion control (foxsim name)", cc);
    cmd.AddValue("sack", "SACK on/off", sack);
    cmd.AddValue("bytes", "bytes to transfer (0 = unlimited)", bytes);
    cmd.AddValue("stopS", "stop time, s (0 = when all bytes arrived)", stopS);
    cmd.AddValue("lineRateMbps", "line rate, Mbit/s", lineRateMbps);
    cmd.AddValue("delayMs", "forward one-way delay, ms", delayMs);
    cmd.AddValue("reverseDelayMs", "reverse one-way delay, ms", reverseDelayMs);
    cmd.AddValue("rateKBps", "token bucket rate, KB/s", rateKBps);
    cmd.AddValue("burstBytes", "token bucket burst, bytes", burstBytes);
    cmd.AddValue("limitBytes", "token bucket queue limit, bytes", limitBytes);
    cmd.AddValue("routerPerPacketUs", "router forwarding time per frame, us (0 = none)", routerPerPacketUs);
    cmd.AddValue("mss", "MSS, bytes", mss);
    cmd.AddValue("initialCwnd", "initial window, segments", initialCwnd);
    cmd.AddValue("rcvBufBytes", "receive buffer, bytes", rcvBufBytes);
    cmd.AddValue("frameBytes", "foxsim's full frame size, bytes", frameBytes);
    cmd.AddValue("periodMs", "cwnd sampling period, ms", periodMs);
    cmd.AddValue("trace", "cwnd trace CSV path", tracePath);
    cmd.Parse(argc, argv);
    if (CC_TYPE.count(cc) == 0)
    {
        std::fprintf(stderr, "invalid --cc: got %s; allowed: newreno bic cubic htcp highspeed hybla westwood scalable vegas\n", cc.c_str());
        return 2;
    }
    S.mss = mss;
    S.cwndBytes = initialCwnd * mss; // the socket traces its window only from the handshake on

    // ---- TCP: every setting, ns-3.37 default → value used, and why ----
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(TypeId::LookupByName(CC_TYPE.at(cc))));
    // Recovery: ns-3 default TcpPrrRecovery kept — Linux uses PRR (RFC 6937) since 3.2.
    Config::SetDefault("ns3::TcpL4Protocol::RecoveryType", TypeIdValue(TcpPrrRecovery::GetTypeId()));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(mss));             // 536 → 1448 (the testbed's MSS with timestamps)
    Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(initialCwnd));     // 10 → 10 (Linux TCP_INIT_CWND, RFC 6928)
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(rcvBufBytes));      // 128 KiB → 6 MiB (foxsim's rcvBufBytes; Linux tcp_rmem max)
    // 128 KiB → the receive buffer's size: the window, never the send buffer, limits the flight
    // (foxsim models no send buffer; Linux autotunes it). Larger (12 MiB and up) crashes ns-3.37 on
    // the fast path (SIGSEGV in TcpRateLinux::SkbSent on a null TcpTxItem, 20 ms into BIC's run).
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(rcvBufBytes));
    Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(2));                     // 2 → 2 (Linux ACKs every second full segment)
    Config::SetDefault("ns3::TcpSocket::DelAckTimeout", TimeValue(MilliSeconds(40)));        // 200 ms → 40 ms (Linux TCP_ATO_MIN, as foxsim)
    Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));          // 1 s (RFC 6298) → 200 ms (Linux TCP_RTO_MIN, as foxsim)
    Config::SetDefault("ns3::TcpSocketBase::ClockGranularity", TimeValue(MilliSeconds(1)));  // 1 ms kept (Linux jiffies at HZ=1000)
    Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(true));                 // true kept (RFC 7323, Linux default)
    Config::SetDefault("ns3::TcpSocketBase::WindowScaling", BooleanValue(true));             // true kept
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(sack));                      // true → the run's setting
    Config::SetDefault("ns3::TcpSocketBase::LimitedTransmit", BooleanValue(true));           // true kept (Linux has it; foxsim does not model it)
    Config::SetDefault("ns3::TcpSocketBase::ReTxThreshold", UintegerValue(3));               // 3 kept (Linux tcp_reordering)
    Config::SetDefault("ns3::TcpSocket::TcpNoDelay", BooleanValue(true));                    // true kept: bulk writes, Nagle irrelevant
    Config::SetDefault("ns3::TcpSocket::InitialSlowStartThreshold", UintegerValue(UINT32_MAX)); // infinite kept (Linux)
    // ---- congestion-control module parameters (Linux's module defaults, as foxsim's assembly/tcp/cc/) ----
    Config::SetDefault("ns3::TcpWestwood::ProtocolType", EnumValue(TcpWestwood::WESTWOODPLUS)); // WESTWOOD → Westwood+ (Linux tcp_westwood.c)
    Config::SetDefault("ns3::TcpHybla::RRTT", TimeValue(MilliSeconds(25)));                  // 50 ms → 25 ms (Linux tcp_hybla.c rtt0)
    Config::SetDefault("ns3::TcpScalable::AIFactor", UintegerValue(100));                    // 50 → 100 (Linux TCP_SCALABLE_AI_CNT since 4.x)
    Config::SetDefault("ns3::TcpCubic::HyStartDelayMax", TimeValue(MilliSeconds(16)));       // 1000 ms → 16 ms (Linux HYSTART_DELAY_MAX)
    // Kept, equal to Linux: Cubic Beta 0.7, C 0.4, HyStart on, low window 16, ack delta 2 ms, delay min
    // 4 ms, 8 samples; BIC Beta 0.8, MaxIncr 16, LowWnd 14; Vegas alpha 2, beta 4, gamma 1.

    // ---- topology ----
    NodeContainer n;
    n.Create(4); // 0 sender, 1 R1 (router ingress), 2 R2 (router egress), 3 receiver
    InternetStackHelper stack;
    stack.Install(n);

    const std::string line = std::to_string(lineRateMbps) + "Mbps";
    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue(line));
    access.SetChannelAttribute("Delay", StringValue("0ms"));
    access.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1p"));
    NetDeviceContainer sr1 = access.Install(n.Get(0), n.Get(1));

    // The router's forwarding cost: a frame occupies the stage for routerPerPacketUs (foxsim's
    // max(serialization, procNs)), modelled as a link whose rate sends one ns-3 frame (IP packet +
    // 2 B PPP) in that time; frames wait in the 256-descriptor receive ring (foxsim
    // ROUTER_RX_RING_FRAMES, e1000's RxDescriptors). ACKs cross it backwards in ~1.5 us; foxsim's
    // reverse path has no forwarding cost.
    const uint32_t ipBytes = mss + 52; // IPv4 20 + TCP 20 + timestamps 12
    const uint32_t pppBytes = ipBytes + 2;
    double stageBps = routerPerPacketUs > 0 ? std::min(lineRateMbps * 1e6, pppBytes * 8 / (routerPerPacketUs * 1e-6)) : lineRateMbps * 1e6;
    PointToPointHelper ingress;
    ingress.SetDeviceAttribute("DataRate", DataRateValue(DataRate(uint64_t(stageBps))));
    ingress.SetChannelAttribute("Delay", StringValue("0ms"));
    ingress.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("256p"));
    NetDeviceContainer r1r2 = ingress.Install(n.Get(1), n.Get(2));

    // ns-3's point-to-point channel has one delay for both directions: the 10 ms + 0 ms of the
    // seed path becomes 5 ms + 5 ms (same RTT; the queue is at the forward egress either way).
    PointToPointHelper egress;
    egress.SetDeviceAttribute("DataRate", StringValue(line));
    egress.SetChannelAttribute("Delay", TimeValue(MicroSeconds(int64_t((delayMs + reverseDelayMs) * 1000 / 2))));
    egress.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("1p")); // the tbf holds the queue
    NetDeviceContainer r2d = egress.Install(n.Get(2), n.Get(3));

    // Queue discs: Ipv4AddressHelper::Assign would add pfifo_fast everywhere. Sender: a 1000-packet
    // FIFO (Linux txqueuelen 1000 = foxsim hostQueueBytes). R1: none (the ring is the device queue).
    // R2: the token bucket. ns-3's tbf counts IP packets (1500 B), Linux's counts frames (1514 B):
    // rate, burst and limit are scaled by ipBytes / frameBytes so the same number of packets fit
    // and pass per second (the 6000 B limit holds 3 packets in both).
    TrafficControlHelper fifo;
    fifo.SetRootQueueDisc("ns3::FifoQueueDisc", "MaxSize", StringValue("1000p"));
    fifo.Install(sr1.Get(0));
    const double scale = double(ipBytes) / frameBytes;
    TrafficControlHelper tbf;
    tbf.SetRootQueueDisc("ns3::TbfQueueDisc",
                         "Rate", DataRateValue(DataRate(uint64_t(rateKBps * 1000 * 8 * scale))),
                         "Burst", UintegerValue(uint32_t(burstBytes * scale)),
                         "MaxSize", QueueSizeValue(QueueSize(QueueSizeUnit::BYTES, uint32_t(limitBytes * scale))),
                         "PeakRate", DataRateValue(DataRate("0bps"))); // no peak bucket (tc tbf without peakrate)
    tbf.Install(r2d.Get(0));

    Ipv4AddressHelper addr;
    addr.SetBase("10.0.1.0", "255.255.255.0");
    addr.Assign(sr1);
    addr.SetBase("10.0.2.0", "255.255.255.0");
    addr.Assign(r1r2);
    addr.SetBase("10.0.3.0", "255.255.255.0");
    Ipv4InterfaceContainer dst = addr.Assign(r2d);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    // Remove the default pfifo_fast that Assign installed where the path has none.
    TrafficControlHelper none;
    none.Uninstall(r1r2);
    none.Uninstall(r2d.Get(1));
    none.Uninstall(sr1.Get(1));

    // ---- applications ----
    const uint16_t port = 5001;
    BulkSendHelper send("ns3::TcpSocketFactory", InetSocketAddress(dst.GetAddress(1), port));
    send.SetAttribute("MaxBytes", UintegerValue(bytes));
    send.SetAttribute("SendSize", UintegerValue(64 * 1024));
    ApplicationContainer sa = send.Install(n.Get(0));
    sa.Start(Seconds(0));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer ka = sink.Install(n.Get(3));
    ka.Start(Seconds(0));
    ka.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&OnRx));
    S.targetBytes = bytes;

    S.trace.open(tracePath);
    S.trace << "time_s,flow,cwnd_segments,ssthresh_segments\n";
    Simulator::Schedule(NanoSeconds(1), &HookSender);
    Simulator::Schedule(NanoSeconds(1), &Sample, MilliSeconds(periodMs));
    // A byte-limited run stops when the last byte arrives; 3600 s is a guard against a stall.
    Simulator::Stop(Seconds(stopS > 0 ? stopS : 3600));

    auto wall0 = std::chrono::steady_clock::now();
    Simulator::Run();
    double wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    double endS = stopS > 0 ? stopS : S.lastRx.GetSeconds();
    bool complete = bytes == 0 || S.rxBytes >= bytes;
    std::printf("{\"cc\":\"%s\",\"sack\":%s,\"bytesDelivered\":%llu,\"complete\":%s,\"completionTimeS\":%.6f,"
                "\"goodputKBps\":%.3f,\"dataPacketsSent\":%llu,\"retransmits\":%llu,\"rtoEpisodes\":%llu,"
                "\"fastRecoveries\":%llu,\"wallTimeS\":%.3f}\n",
                cc.c_str(), sack ? "true" : "false", (unsigned long long)S.rxBytes, complete ? "true" : "false", endS,
                endS > 0 ? S.rxBytes / endS / 1000 : 0.0, (unsigned long long)S.dataSegments,
                (unsigned long long)S.retransmits, (unsigned long long)S.lossEpisodes,
                (unsigned long long)S.fastRecoveries, wallS);
    Simulator::Destroy();
    return complete ? 0 : 1;
}
