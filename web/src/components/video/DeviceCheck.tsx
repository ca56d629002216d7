// Before entering: see yourself, pick the camera and microphone, hear a test tone, then join.
import { Alert, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../lib/i18n';

interface Props {
  joinLabel: string;
  onReady: (stream: MediaStream) => void;
}

export function DeviceCheck({ joinLabel, onReady }: Props) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [camera, setCamera] = useState<string | null>(null);
  const [mic, setMic] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const handedOver = useRef<MediaStream | null>(null);

  useEffect(() => {
    let cancelled = false;
    let current: MediaStream | null = null;
    navigator.mediaDevices
      .getUserMedia({ video: camera ? { deviceId: { exact: camera } } : true, audio: mic ? { deviceId: { exact: mic } } : true })
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        current = s;
        setStream(s);
        setError(null);
        setDevices(await navigator.mediaDevices.enumerateDevices());
      })
      .catch(() => setError('Duet cannot use your camera or microphone. Allow them in the browser (the camera icon in the address bar), or join by audio only from the next screen.'));  // shown through t()
    return () => {
      cancelled = true;
      if (current && current !== handedOver.current) current.getTracks().forEach((t) => t.stop());
    };
  }, [camera, mic]);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
    if (!stream || stream.getAudioTracks().length === 0) return;
    // A microphone level meter, so people can see they are heard.
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const timer = window.setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(Math.min(100, Math.round((peak / 128) * 200)));
    }, 200);
    return () => {
      window.clearInterval(timer);
      void ctx.close();
    };
  }, [stream]);

  const testSpeaker = () => {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    gain.gain.value = 0.1;
    osc.frequency.value = 440;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.8);
    osc.onended = () => void ctx.close();
  };

  const options = (kind: MediaDeviceKind) =>
    devices.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ value: d.deviceId, label: d.label || `${kind === 'videoinput' ? t('Camera') : t('Microphone')} ${i + 1}` }));

  return (
    <Card withBorder padding="lg" maw={560} w="100%" data-testid="device-check">
      <Stack>
        <Text fw={600}>{t('Check your camera and microphone')}</Text>
        <video ref={video} autoPlay playsInline muted aria-label={t('Your camera preview')} style={{ width: '100%', borderRadius: 8, background: '#111', transform: 'scaleX(-1)' }} />
        {error && <Alert color="orange">{t(error)}</Alert>}
        <Group grow>
          <Select label={t('Camera')} data={options('videoinput')} value={camera ?? stream?.getVideoTracks()[0]?.getSettings().deviceId ?? null} onChange={setCamera} allowDeselect={false} />
          <Select label={t('Microphone')} data={options('audioinput')} value={mic ?? stream?.getAudioTracks()[0]?.getSettings().deviceId ?? null} onChange={setMic} allowDeselect={false} />
        </Group>
        <Group justify="space-between">
          <Group gap="xs">
            <Text size="sm">{t('Microphone level')}</Text>
            <div role="meter" aria-label={t('Microphone level')} aria-valuenow={level} aria-valuemin={0} aria-valuemax={100} style={{ width: 120, height: 8, background: '#e9ecef', borderRadius: 4 }}>
              <div style={{ width: `${level}%`, height: '100%', background: '#2f9e44', borderRadius: 4 }} />
            </div>
          </Group>
          <Button variant="default" onClick={testSpeaker}>{t('Test speaker')}</Button>
        </Group>
        <Button size="md" disabled={!stream && !error} loading={!stream && !error} onClick={() => {
          handedOver.current = stream;
          onReady(stream ?? new MediaStream());
        }}>{joinLabel}</Button>
      </Stack>
    </Card>
  );
}
