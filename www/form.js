// The register form: reads the fields into an Instance and hands it to `register`; the client's own
// validation (a NacosError with code INVALID_PARAM) is shown as is.
export function setupForm(form, output, register) {
  // A random port, so two open tabs do not replace each other's instance.
  form.port.value = String(20000 + Math.floor(Math.random() * 9000));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const show = (state, text) => {
      output.classList.remove('ok', 'bad');
      if (state) output.classList.add(state);
      output.textContent = text;
    };
    show(null, 'registering…');
    try {
      const { serviceName, instance } = read(form);
      await register(serviceName, instance);
      show('ok', `registered ${serviceName} ${instance.ip}:${instance.port}`);
      form.port.value = String(instance.port + 1);
    } catch (error) {
      show('bad', error.code ? `${error.code}: ${error.message}` : String(error.message ?? error));
    } finally {
      button.disabled = false;
    }
  });
}

function read(form) {
  const metadata = {};
  for (const pair of form.metadata.value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`metadata "${pair}" is not key=value`);
    metadata[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  if (form.interval.value) metadata['preserved.heart.beat.interval'] = form.interval.value;
  const instance = {
    ip: form.ip.value.trim(),
    port: Number(form.port.value),
    weight: Number(form.weight.value || 1),
    clusterName: form.cluster.value.trim() || 'DEFAULT',
    metadata,
  };
  return { serviceName: form.service.value.trim(), instance };
}
